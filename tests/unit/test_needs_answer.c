/* Which customer messages need an answer: thanks, praise, "ok" and goodbyes need none; a
 * request, a question, a complaint or a greeting that opens the chat does, also with thanks
 * around it. Read with the real phrase list, as both reads use it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "needs_answer.h"

static struct phrase_lists phrases = PHRASE_LISTS_INIT;
static struct phrase_set *set;
static struct phrase_hits hits;

static int load(void **state)
{
	static const char *const names[] = {NO_ANSWER_LIST, SETTLED_LIST, PRAISE_LIST,
					    PROBLEM_LIST};
	struct qa_error err = {0};

	(void)state;
	if (phrase_lists_load(&phrases, QAUDIT_SOURCE_DIR "/phrase_lists", &err))
		return -1;
	return phrase_set_new(&set, &phrases, names, 4, &err);
}

static int release(void **state)
{
	(void)state;
	phrase_hits_release(&hits);
	phrase_set_free(set);
	phrase_lists_release(&phrases);
	return 0;
}

static bool needs(const char *text)
{
	static const struct answer_lists lists = {0, 1, 2, 3};

	phrase_set_scan(set, text, strlen(text), &hits);
	return message_needs_answer(text, strlen(text), hits.items, hits.count, &lists);
}

static void expect(const char *const *texts, size_t n, bool answer)
{
	for (size_t i = 0; i < n; i++)
		if (needs(texts[i]) != answer)
			fail_msg("'%s' should %sneed an answer", texts[i], answer ? "" : "not ");
}

static void test_thanks_praise_and_ok_need_no_answer(void **state)
{
	static const char *const texts[] = {
		"谢谢！",
		"好的谢谢",
		"好的，非常感谢您的帮助～",
		"收到 👍",
		"嗯嗯",
		"太棒了，点赞",
		"Thanks!! 🙏",
		"@AcmeHelp thanks for the quick reply https://t.co/x1",
		"Ok, got it. Cheers",
		"Love you guys!",
		"DM sent",
		"It works now, thanks",
		"Thank you I will",
		"I am DMing you the details now.",
		"Had to push hard but finally got someone out here. Outage solved",
		"问题已经解决了，辛苦",
		"Give the man doing the announcements a pay rise, he made us all smile",
		"The crew on my flight today were so friendly and helpful",
		"你们的客服小王太耐心了，点赞",
		"haha",
		"",
	};

	(void)state;
	expect(texts, sizeof(texts) / sizeof(*texts), false);
}

static void test_requests_questions_and_openers_need_one(void **state)
{
	static const char *const texts[] = {
		"谢谢，再帮我查一下发票",
		"好的谢谢，它家周边还有什么餐馆",
		"你好",
		"您好，在吗",
		"不行",
		"还是不好用",
		"ok?",
		"好的？",
		"thanks, can you also check my order",
		"still not working",
		"Not great to be honest",
		"@AcmeHelp my parcel never arrived",
		"https://t.co/photo1",
		"hi",
		"Is it fixed now?",
		"Love the app but it keeps crashing since the update",
		"The staff were friendly, still no refund though",
		"It is still not fixed",
	};

	(void)state;
	expect(texts, sizeof(texts) / sizeof(*texts), true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thanks_praise_and_ok_need_no_answer),
		cmocka_unit_test(test_requests_questions_and_openers_need_one),
	};

	return cmocka_run_group_tests(tests, load, release);
}
