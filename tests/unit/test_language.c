/* Which sessions the phrase lists can judge: Chinese and English, and short texts; not a
 * session mostly in German, Spanish, Japanese or Korean. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "language.h"

static bool covered(const char *const *texts)
{
	struct script_counts c = {0};

	for (; *texts; texts++)
		script_counts_add(&c, *texts, strlen(*texts));
	return script_counts_covered(&c);
}

/* Every common word is found, in any case, and no word it only begins or that begins it. */
static void test_every_common_english_word_counts(void **state)
{
	static const char words[] =
		"a an and are at be been but by can cant could did do does dont for from get got "
		"had has have he hello help hi how i if im in is it its just me my no not of on or "
		"our please she so thank thanks that the they this to us was we were what when why "
		"will with would you your THE You'r";
	static const char others[] = "ab anything th thanksgiving yours Thee whom";
	struct script_counts c = {0};

	(void)state;
	script_counts_add(&c, words, strlen(words));
	assert_int_equal(c.latin_words, 68);
	assert_int_equal(c.english_words, 68);
	memset(&c, 0, sizeof(c));
	script_counts_add(&c, others, strlen(others));
	assert_int_equal(c.latin_words, 7);
	assert_int_equal(c.english_words, 0);
}

static void test_chinese_and_english_are_covered(void **state)
{
	static const char *const zh[] = {"你好，我想问一下我的订单什么时候发货",
					 "您好，请提供一下您的订单号。", NULL};
	static const char *const tw[] = {"請問我的訂單什麼時候會到？", "您好，已為您查詢。", NULL};
	static const char *const en[] = {"@AcmeHelp my parcel never arrived and the tracking "
					 "page is stuck",
					 "@115712 Sorry to hear that! Please DM us your order "
					 "number and we will look into it https://t.co/abc",
					 NULL};
	static const char *const mixed[] = {"我的iPhone连不上WiFi了", "请您重启一下路由器试试。",
					    NULL};

	(void)state;
	assert_true(covered(zh));
	assert_true(covered(tw));
	assert_true(covered(en));
	assert_true(covered(mixed));
}

static void test_other_languages_are_not(void **state)
{
	static const char *const de[] = {"Hallo, meine Bestellung ist immer noch nicht da und "
					 "niemand antwortet mir",
					 "Hallo! Bitte sende uns deine Bestellnummer per DM, "
					 "dann schauen wir uns das gerne an.",
					 NULL};
	static const char *const es[] = {"Hola, mi pedido todavía no ha llegado y nadie me "
					 "responde desde hace una semana",
					 "Hola, lamentamos lo ocurrido. Envíanos un mensaje "
					 "privado con tu número de pedido.",
					 NULL};
	static const char *const ja[] = {
		"注文した商品がまだ届いていません。どうなっていますか？",
		"ご不便をおかけして申し訳ございません。DMでご連絡ください。", NULL};
	static const char *const ko[] = {"주문한 상품이 아직 도착하지 않았습니다",
					 "불편을 드려 죄송합니다. 주문 번호를 알려주세요.", NULL};

	(void)state;
	assert_false(covered(de));
	assert_false(covered(es));
	assert_false(covered(ja));
	assert_false(covered(ko));
}

/* A greeting in another language inside an English chat, or a very short chat, is judged. */
static void test_little_foreign_text_is_judged(void **state)
{
	static const char *const short_de[] = {"Danke!", "Gern geschehen", NULL};
	static const char *const en_with_hola[] = {
		"Hola! I need help with my order, it was charged twice",
		"Hello, sorry about that. I have refunded the second charge, you will see it "
		"in 3 days.",
		NULL};

	(void)state;
	assert_true(covered(short_de));
	assert_true(covered(en_with_hola));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_common_english_word_counts),
		cmocka_unit_test(test_chinese_and_english_are_covered),
		cmocka_unit_test(test_other_languages_are_not),
		cmocka_unit_test(test_little_foreign_text_is_judged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
