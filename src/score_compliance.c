/* Compliance 合规服务 (docs/STANDARD.md §4.4): K1 personal data in an agent message,
 * K2 asking for secrets, K3 personal data from the customer left unaddressed, K4
 * inducement, K5 false promises, K6 disparaging a competitor, K7 risk products without a
 * risk notice, K8 personal data on a public channel. Always judged: a session that breaks
 * none of them passes. */

#include "mask.h"
#include "regex.h"
#include "score_internal.h"

#define MAX_PII 16
/* How close before a long number an order word must be to make it an order number. */
#define ORDER_WORD_REACH 24

static const char *const pii_names[] = {
	[PII_ID_NUMBER] = "an ID number",
	[PII_BANK_CARD] = "a bank card number",
	[PII_PHONE] = "a phone number",
	[PII_EMAIL] = "an e-mail address",
	[PII_SECRET] = "a password or verification code",
	[PII_MAYBE_SECRET] = "something that may be a password",
};

/* A card-like number right after 订单号/order number is an order number, not a card. */
static bool is_order_number(const struct view *v, uint32_t m, const struct pii_match *p)
{
	const struct scanned *s = &v->scan[m];

	for (uint32_t i = 0; i < s->count; i++) {
		const struct phrase_hit *h = &v->hits[s->first + i];

		if (h->list == AL_ORDER_REFERENCE && h->end <= p->start &&
		    p->start - h->end <= ORDER_WORD_REACH)
			return true;
	}
	return false;
}

/* Personal data the checkpoints care about: ID and card numbers and secrets said as such,
 * not the phone numbers and e-mail addresses that service needs, nor a number that only
 * follows the word 密码 ("输错密码5次"). Returns the first, or false. */
static bool find_sensitive(const struct view *v, uint32_t m, struct pii_match *found)
{
	const struct message *x = msg(v, m);
	struct pii_match p[MAX_PII];
	size_t n = mask_find(x->text, x->len, p, MAX_PII);

	for (size_t i = 0; i < n && i < MAX_PII; i++) {
		if (p[i].kind == PII_PHONE || p[i].kind == PII_EMAIL ||
		    p[i].kind == PII_MAYBE_SECRET)
			continue;
		if (p[i].kind == PII_BANK_CARD && x->role == ROLE_AGENT &&
		    is_order_number(v, m, &p[i]))
			continue;
		*found = p[i];
		return true;
	}
	return false;
}

static void check_agent_personal_data(struct view *v)
{
	struct pii_match p;

	if (!judge(v, RULE_K1))
		return;
	for (uint32_t m = v->first_agent; m < v->t->count; m++) {
		if (is_role(v, m, ROLE_AGENT) && find_sensitive(v, m, &p)) {
			struct phrase_hit hit = {(uint32_t)p.start, (uint32_t)p.end, 0, 0};

			fail(v, RULE_K1, -1, m, &hit, "agent message contains %s",
			     pii_names[p.kind]);
			return;
		}
	}
}

/* K3: each time the customer sends personal data, a later agent message must steer them to
 * a secure channel (请勿在对话中发送…). */
static void check_customer_personal_data(struct view *v)
{
	struct pii_match p;

	if (!judge(v, RULE_K3))
		return;
	for (uint32_t m = 0; m < v->t->count; m++) {
		if (!is_role(v, m, ROLE_CUSTOMER) || !find_sensitive(v, m, &p))
			continue;
		if (find_next(v, m, ROLE_AGENT, AL_SECURE_CHANNEL) == NO_MESSAGE) {
			struct phrase_hit hit = {(uint32_t)p.start, (uint32_t)p.end, 0, 0};

			fail(v, RULE_K3, -1, m, &hit,
			     "customer sent %s and was not asked to stop sharing it in chat",
			     pii_names[p.kind]);
			return;
		}
	}
}

/* Personal data posted in public: a phone number, an e-mail address, or an order or account
 * number (customer_public_data). ID and card numbers and secrets are K3's. */
static bool posts_public_data(const struct view *v, uint32_t m, struct phrase_hit *where)
{
	const struct message *x = msg(v, m);
	struct pii_match p[MAX_PII];
	size_t n = mask_find(x->text, x->len, p, MAX_PII);
	const struct phrase_hit *h = hit_of(v, m, CL_PUBLIC_DATA);

	for (size_t i = 0; i < n && i < MAX_PII; i++)
		if (p[i].kind == PII_PHONE || p[i].kind == PII_EMAIL) {
			*where =
				(struct phrase_hit){(uint32_t)p[i].start, (uint32_t)p[i].end, 0, 0};
			return true;
		}
	if (h)
		*where = *h;
	return h != NULL;
}

/* K8: on a public channel personal data moves to a private one. The agent asks for it only
 * with a move to a private message; data the customer posts gets such a move next. */
static void check_public_channel(struct view *v)
{
	struct phrase_hit where;

	if (v->channel_class != CLASS_SOCIAL || !judge(v, RULE_K8))
		return;
	for (uint32_t m = 0; m < v->t->count; m++) {
		if (is_role(v, m, ROLE_AGENT) && has(v, m, AL_PERSONAL_DATA_REQUEST) &&
		    !has(v, m, AL_PRIVATE_CHANNEL)) {
			fail(v, RULE_K8, -1, m, hit_of(v, m, AL_PERSONAL_DATA_REQUEST),
			     "asks for personal data in public, not in a private message");
			return;
		}
		if (is_role(v, m, ROLE_CUSTOMER) && posts_public_data(v, m, &where)) {
			uint32_t reply = next_agent(v, m);

			if (reply != NO_MESSAGE && !has(v, reply, AL_PRIVATE_CHANNEL)) {
				fail(v, RULE_K8, -1, m, &where,
				     "customer posted personal data in public and was not moved to "
				     "a private message");
				return;
			}
		}
	}
}

/* K6: a competitor named in the rubric and a disparaging word in one agent message. */
static void check_competitors(struct view *v)
{
	pcre2_match_data *md;

	if (!judge(v, RULE_K6) || !v->ctx->competitors)
		return;
	md = pcre2_match_data_create(1, NULL);
	for (uint32_t m = 0; m < v->t->count; m++) {
		const struct message *x = msg(v, m);

		if (x->role != ROLE_AGENT || !has(v, m, AL_DISPARAGE))
			continue;
		if (pcre2_match(v->ctx->competitors, (PCRE2_SPTR)x->text, x->len, 0,
				PCRE2_NO_UTF_CHECK, md, NULL) > 0) {
			fail(v, RULE_K6, -1, m, hit_of(v, m, AL_DISPARAGE),
			     "disparages a competitor");
			break;
		}
	}
	pcre2_match_data_free(md);
}

/* K7: risk products (投资/理财/收益) need a risk notice somewhere in the agent's messages. */
static void check_risk_notice(struct view *v)
{
	uint32_t m;

	if (!judge(v, RULE_K7))
		return;
	m = find_next(v, 0, ROLE_AGENT, AL_RISK_PRODUCT);
	if (m != NO_MESSAGE && find_next(v, 0, ROLE_AGENT, AL_RISK_NOTICE) == NO_MESSAGE)
		fail(v, RULE_K7, -1, m, hit_of(v, m, AL_RISK_PRODUCT),
		     "mentions a risk product without a risk notice");
}

void score_compliance(struct view *v)
{
	if (v->first_agent == NO_MESSAGE)
		return;
	check_agent_personal_data(v);
	check_first_phrase(v, RULE_K2, AL_SECRET_REQUEST,
			   "asks for a password, code or full number");
	check_customer_personal_data(v);
	check_first_phrase(v, RULE_K4, AL_INDUCEMENT, "inducement to buy");
	check_first_phrase(v, RULE_K5, AL_FALSE_PROMISE, "false promise about a product");
	check_competitors(v);
	check_risk_notice(v);
	check_public_channel(v);
}
