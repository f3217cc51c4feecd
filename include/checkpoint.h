/* The checkpoints of docs/STANDARD.md §4 (docs/CHECKPOINTS.md): one table gives each its id,
 * dimension, report labels, phrase lists and default penalty, and makes the enum, so a
 * checkpoint cannot be named in one place and missing in another. */
#ifndef CHECKPOINT_H
#define CHECKPOINT_H

#include <stdbool.h>

enum dimension {
	DIM_RESPONSE,
	DIM_COMMUNICATION,
	DIM_RESOLUTION,
	DIM_COMPLIANCE,
	DIM_ATTITUDE,
	DIM_COUNT
};

/* X(id, dimension, zh label, en label, phrase lists it reads, default penalty, red line,
 * judged by words: N/A in a language the phrase lists do not cover).
 * Rows are in report order; the rubric's default (src/rubric_default.ini) must give
 * each row a section with the same penalty and red line (tests/unit/test_checkpoint.c). */
#define CHECKPOINTS(X)                                                                             \
	X(R1, RESPONSE, "首次响应", "First response", "", 1, false, false)                         \
	X(R2, RESPONSE, "回复时效", "Reply time", "wait_notice", 1, false, false)                  \
	X(R3, RESPONSE, "多次追问无回复", "Unanswered follow-ups", "", 0, true, false)             \
	X(R4, RESPONSE, "久等致歉", "Apology for the wait", "wait_thanks", 1, false, false)        \
	X(R5, RESPONSE, "末条未回复", "Last question unanswered", "", 1, false, false)             \
	X(C1, COMMUNICATION, "开场问候", "Greeting", "greeting", 1, false, true)                   \
	X(C2, COMMUNICATION, "结束语", "Closing", "closing", 1, false, true)                       \
	X(C3, COMMUNICATION, "模糊表述", "Vague wording", "vague", 1, false, true)                 \
	X(C4, COMMUNICATION, "亲昵用语", "Intimate words", "intimate", 1, false, false)            \
	X(C5, COMMUNICATION, "绝对化承诺", "Absolute promise", "absolute_promise order_reference", \
	  1, false, true)                                                                          \
	X(C6, COMMUNICATION, "礼貌用语", "Politeness",                                             \
	  "info_request polite_request customer_thanks customer_apology thanks_reply "             \
	  "apology_reply closing correction apology",                                              \
	  1, false, true)                                                                          \
	X(C7, COMMUNICATION, "信息准确", "Knowledge accuracy", "", 2, false, false)                \
	X(S1, RESOLUTION, "问题解决", "Resolved",                                                  \
	  "customer_resolved customer_unresolved follow_up", 2, false, true)                       \
	X(S2, RESOLUTION, "后续时限", "Next step with a time", "next_step_time", 1, false, true)   \
	X(S3, RESOLUTION, "升级处理", "Escalation", "escalation_request escalation", 1, false,     \
	  false)                                                                                   \
	X(S4, RESOLUTION, "重复进线", "Repeat contact", "", 1, false, false)                       \
	X(S5, RESOLUTION, "满意度低", "Low CSAT", "", 1, false, false)                             \
	X(K1, COMPLIANCE, "泄露个人信息", "Personal data leaked", "", 0, true, false)              \
	X(K2, COMPLIANCE, "索要密码验证码", "Asks for secrets", "secret_request", 0, true, false)  \
	X(K3, COMPLIANCE, "未提醒信息安全", "Personal data not redirected", "secure_channel", 2,   \
	  false, false)                                                                            \
	X(K4, COMPLIANCE, "诱导消费", "Inducement", "inducement", 2, false, true)                  \
	X(K5, COMPLIANCE, "虚假承诺", "False promise", "false_promise", 2, false, true)            \
	X(K6, COMPLIANCE, "贬低竞品", "Disparaging competitors", "disparage", 1, false, true)      \
	X(K7, COMPLIANCE, "风险提示", "Risk notice", "risk_product risk_notice", 1, false, true)   \
	X(K8, COMPLIANCE, "公开渠道隐私", "Personal data in public",                               \
	  "personal_data_request private_channel customer_public_data", 1, false, false)           \
	X(A1, ATTITUDE, "禁用语", "Forbidden phrases", "forbidden", 1, false, true)                \
	X(A2, ATTITUDE, "语气生硬", "Hostile wording", "hostile", 2, false, true)                  \
	X(A3, ATTITUDE, "未安抚情绪", "Emotion not acknowledged",                                  \
	  "customer_emotion empathy apology", 1, false, true)                                      \
	X(A4, ATTITUDE, "辱骂指责", "Insult or blame", "insult", 0, true, false)

enum rule {
#define CHECKPOINT_ENUM(id, ...) RULE_##id,
	CHECKPOINTS(CHECKPOINT_ENUM) /* RULE_R1 ... RULE_A4 */
	RULE_COUNT
#undef CHECKPOINT_ENUM
};

struct checkpoint {
	const char *id; /* "R1": its rubric section and its name in every output */
	enum dimension dimension;
	const char *label_zh, *label_en; /* report.html */
	const char *phrase_lists;        /* names in phrase_lists/, separated by spaces */
	int penalty;                     /* the default rubric's, in grades */
	bool red_line;                   /* the default rubric's */
	bool by_words; /* its verdict rests on phrases: N/A in a language the lists lack */
};

/* session_score.judged holds one bit per checkpoint. */
_Static_assert(RULE_COUNT <= 32, "one bit per checkpoint in a uint32_t");

extern const struct checkpoint checkpoints[RULE_COUNT];

const char *dimension_name(enum dimension d); /* "response", ... */
const char *rule_name(enum rule rule);        /* "R1", ... */
enum dimension rule_dimension(enum rule rule);

#endif
