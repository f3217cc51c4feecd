/* The checkpoint table, made from CHECKPOINTS in checkpoint.h. */
#include "checkpoint.h"

const struct checkpoint checkpoints[RULE_COUNT] = {
#define CHECKPOINT_ROW(id_, dim, zh, en, lists, penalty_, red, words)                              \
	[RULE_##id_] = {.id = #id_,                                                                \
			.dimension = DIM_##dim,                                                    \
			.label_zh = zh,                                                            \
			.label_en = en,                                                            \
			.phrase_lists = lists,                                                     \
			.penalty = penalty_,                                                       \
			.red_line = red,                                                           \
			.by_words = words},
	CHECKPOINTS(CHECKPOINT_ROW)
#undef CHECKPOINT_ROW
};

static const char *const dimension_names[DIM_COUNT] = {
	"response", "communication", "resolution", "compliance", "attitude",
};

const char *dimension_name(enum dimension d)
{
	return (unsigned)d < DIM_COUNT ? dimension_names[d] : "?";
}

const char *rule_name(enum rule rule)
{
	return (unsigned)rule < RULE_COUNT ? checkpoints[rule].id : "?";
}

enum dimension rule_dimension(enum rule rule)
{
	return checkpoints[rule].dimension;
}
