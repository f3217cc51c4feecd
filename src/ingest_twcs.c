/* twcs, the public "Customer Support on Twitter" CSV: one tweet per row, customers'
 * (inbound) and companies' (outbound) alike, tied together only by the tweet each one
 * answers. A conversation is a tree of replies, and its session id is the id of the tweet
 * at its top (the topmost one present: a reply to a tweet missing from the data starts its
 * own session). The company's handle is the agent; with --signoff-agents, the handle and
 * the sign-off that ends the reply ("^JK", "-Becky"), when it has one. The channel is
 * twitter (a social one) unless the export has a channel column.
 *
 * One customer per conversation (docs/STANDARD.md §4.0.5): the account that opened it with the
 * company. Every other inbound tweet (another account joining in, another brand's post the
 * customer replied to) is context, kept as a system event: shown, never judged, no clock. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "preset.h"
#include "regex.h"
#include "str_table.h"
#include "time_parse.h"
#include "xalloc.h"

/* A sign-off closes the text: a mark, at most one space, a name or initials, and maybe a
 * link after it. */
static const char signoff_pattern[] =
	"(?:^|\\s)[-^*/~]\\s?([A-Za-z][A-Za-z.]{0,19})\\s*(?:https?://\\S+\\s*)*$";

/* The columns twcs reads, found in the header. */
struct twcs_columns {
	int tweet, author, inbound, created, text, parent; /* -1: missing */
	int channel;                                       /* optional: -1 when absent */
};

/* Reply links between tweets, gathered from every input by the pre-pass, so that each
 * tweet's conversation is known when its row is read: the preset's state. */
struct reply_links {
	struct twcs_columns columns; /* of the input being read */
	struct str_table *ids;       /* tweet ids, as rows and as the tweets rows answer */
	struct str_table *authors;   /* author_id values */
	uint32_t *parent;            /* per id: the tweet it answers, or STR_NONE */
	uint32_t *author;            /* per id with a row: its author; STR_NONE for a company */
	bool *present;               /* per id: it has a row */
	int64_t *time_ms;            /* per id with a row: created_at; INT64_MAX if unreadable */
	uint32_t *root;              /* per id, once resolved: the top of its conversation */
	/* Per conversation (by its root), once resolved: the tweet with which its customer
	 * opened it with the company, or STR_NONE when no inbound tweet is in it. */
	uint32_t *opener;
	/* Once resolved, sorted: root << 32 | author for every customer a company reply in
	 * that conversation answers. */
	uint64_t *answered;
	size_t answered_count;
	size_t capacity;
	pcre2_code *signoff;
	pcre2_match_data *match;
	struct buf agent; /* handle/sign-off of the row being read */
};

static void *reply_links_new(void)
{
	struct reply_links *l = xcalloc(1, sizeof(*l));
	PCRE2_SIZE offset;
	int code;

	l->ids = str_table_new();
	l->authors = str_table_new();
	l->signoff = regex_compile(signoff_pattern, sizeof(signoff_pattern) - 1, 0, &code, &offset);
	if (!l->signoff)
		abort(); /* a constant pattern */
	regex_jit(l->signoff);
	l->match = pcre2_match_data_create_from_pattern(l->signoff, NULL);
	return l;
}

static void reply_links_free(void *state)
{
	struct reply_links *l = state;

	if (!l)
		return;
	str_table_free(l->ids);
	str_table_free(l->authors);
	free(l->parent);
	free(l->author);
	free(l->answered);
	free(l->present);
	free(l->time_ms);
	free(l->root);
	free(l->opener);
	pcre2_match_data_free(l->match);
	pcre2_code_free(l->signoff);
	buf_release(&l->agent);
	free(l);
}

static uint32_t add_id(struct reply_links *l, struct span id)
{
	uint32_t i = str_table_intern(l->ids, id.ptr, id.len);

	if (i >= l->capacity) {
		size_t old = l->capacity;

		l->capacity = l->capacity ? 2 * l->capacity : 1024;
		l->parent = xreallocarray(l->parent, l->capacity, sizeof(*l->parent));
		l->author = xreallocarray(l->author, l->capacity, sizeof(*l->author));
		l->present = xreallocarray(l->present, l->capacity, sizeof(*l->present));
		l->time_ms = xreallocarray(l->time_ms, l->capacity, sizeof(*l->time_ms));
		for (size_t j = old; j < l->capacity; j++) {
			l->parent[j] = l->author[j] = STR_NONE;
			l->present[j] = false;
			l->time_ms[j] = INT64_MAX;
		}
	}
	return i;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The customers each conversation's company replies answer. */
static void find_answered(struct reply_links *l, uint32_t n)
{
	l->answered = xreallocarray(NULL, n ? n : 1, sizeof(*l->answered));
	for (uint32_t i = 0; i < n; i++) {
		uint32_t up = l->parent[i];

		if (l->present[i] && l->author[i] == STR_NONE && up != STR_NONE && l->present[up] &&
		    l->author[up] != STR_NONE)
			l->answered[l->answered_count++] =
				(uint64_t)l->root[up] << 32 | l->author[up];
	}
	qsort(l->answered, l->answered_count, sizeof(*l->answered), by_value);
}

/* True when a company reply answers author somewhere in the conversation under root, or
 * when none answers anybody there. */
static bool is_answered(const struct reply_links *l, uint32_t root, uint32_t author)
{
	uint64_t key = (uint64_t)root << 32 | author, first = (uint64_t)root << 32;
	size_t lo = 0, hi = l->answered_count;

	while (lo < hi) { /* the first entry >= the conversation's first key */
		size_t mid = lo + (hi - lo) / 2;

		if (l->answered[mid] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == l->answered_count || l->answered[lo] >> 32 != root)
		return true;
	return bsearch(&key, l->answered + lo, l->answered_count - lo, sizeof(key), by_value);
}

static bool is_company_tweet(const struct reply_links *l, uint32_t i)
{
	return l->present[i] && l->author[i] == STR_NONE;
}

/* Tweet ids in their order: as numbers when both are digits, else as bytes. */
static int compare_ids(const struct reply_links *l, uint32_t a, uint32_t b)
{
	const char *x = str_table_get(l->ids, a), *y = str_table_get(l->ids, b);
	size_t xl = str_table_length(l->ids, a), yl = str_table_length(l->ids, b);
	int c;

	if (strspn(x, "0123456789") == xl && strspn(y, "0123456789") == yl && xl != yl)
		return xl < yl ? -1 : 1;
	c = memcmp(x, y, xl < yl ? xl : yl);
	return c ? c : (xl > yl) - (xl < yl);
}

/* Whether tweet a came before tweet b: by time, then, in the same second, by tweet id. */
static bool is_earlier(const struct reply_links *l, uint32_t a, uint32_t b)
{
	if (l->time_ms[a] != l->time_ms[b])
		return l->time_ms[a] < l->time_ms[b];
	return compare_ids(l, a, b) < 0;
}

/* Whether inbound tweet i can open its conversation with the company: under the company's
 * own post (a promotion), a reply to one of the company's tweets; else a tweet by someone
 * the company answers there (not another brand's post the customer replied to). */
static bool opens_with_company(const struct reply_links *l, uint32_t i)
{
	uint32_t root = l->root[i];

	if (is_company_tweet(l, root))
		return l->parent[i] != STR_NONE && is_company_tweet(l, l->parent[i]);
	return is_answered(l, root, l->author[i]);
}

/* Each conversation's customer: the author of the earliest tweet that opens it with the
 * company. */
static void find_openers(struct reply_links *l, uint32_t n)
{
	l->opener = xreallocarray(NULL, n ? n : 1, sizeof(*l->opener));
	for (uint32_t i = 0; i < n; i++)
		l->opener[i] = STR_NONE;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t *opener = &l->opener[l->root[i]];

		if (l->present[i] && l->author[i] != STR_NONE && opens_with_company(l, i) &&
		    (*opener == STR_NONE || is_earlier(l, i, *opener)))
			*opener = i;
	}
}

/* The customer of the conversation under root: an author, or STR_NONE. */
static uint32_t customer_of(const struct reply_links *l, uint32_t root)
{
	return l->opener[root] == STR_NONE ? STR_NONE : l->author[l->opener[root]];
}

/* Settles every tweet's root once all links are in. */
static void reply_links_resolve(void *state)
{
	struct reply_links *l = state;
	uint32_t n = str_table_count(l->ids), *path = xreallocarray(NULL, n ? n : 1, sizeof(*path));

	l->root = xreallocarray(NULL, n ? n : 1, sizeof(*l->root));
	for (uint32_t i = 0; i < n; i++)
		l->root[i] = STR_NONE;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = i, top, steps = 0;

		/* Up to a tweet whose root is known, or the topmost present one; a cycle (which
		 * real replies cannot form) stops after n steps. */
		while (l->root[j] == STR_NONE) {
			uint32_t up = l->parent[j];

			path[steps++] = j;
			if (up == STR_NONE || !l->present[up] || steps >= n)
				break;
			j = up;
		}
		top = l->root[j] != STR_NONE ? l->root[j] : j;
		while (steps)
			l->root[path[--steps]] = top;
	}
	free(path);
	find_answered(l, n);
	find_openers(l, n);
}

/* A tweet id as written: "12", or "12.0" where a spreadsheet made it a number. */
static struct span tweet_id(struct span s)
{
	while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t')) {
		s.ptr++;
		s.len--;
	}
	while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t'))
		s.len--;
	if (s.len > 2 && !memcmp(s.ptr + s.len - 2, ".0", 2))
		s.len -= 2;
	return s;
}

/* Finds the columns; fatal if one is missing. */
static int read_header(struct reader *r, const struct span *cells, size_t count, long line)
{
	struct twcs_columns *c = &((struct reply_links *)r->preset_state)->columns;
	static const char *const names[] = {"tweet_id",   "author_id", "inbound",
					    "created_at", "text",      "in_response_to_tweet_id"};
	int *slots[] = {&c->tweet, &c->author, &c->inbound, &c->created, &c->text, &c->parent};

	for (size_t n = 0; n < sizeof(names) / sizeof(*names); n++) {
		*slots[n] = -1;
		for (size_t i = 0; i < count; i++)
			if (cells[i].len == strlen(names[n]) &&
			    !memcmp(cells[i].ptr, names[n], cells[i].len))
				*slots[n] = (int)i;
		if (*slots[n] < 0)
			return reader_fatal(r, line, "no %s column, which --preset twcs reads",
					    names[n]);
	}
	c->channel = -1;
	for (size_t i = 0; i < count; i++)
		if (cells[i].len == 7 && !memcmp(cells[i].ptr, "channel", 7))
			c->channel = (int)i;
	return 0;
}

/* The agent of a company reply: its handle, or handle/sign-off. */
static struct span agent_of(struct reply_links *l, struct span handle, struct span text,
			    bool signoff)
{
	buf_reset(&l->agent);
	buf_add(&l->agent, handle.ptr, handle.len);
	if (signoff &&
	    pcre2_match(l->signoff, (PCRE2_SPTR)text.ptr, text.len, 0, 0, l->match, NULL) > 1) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(l->match);

		buf_addch(&l->agent, '/');
		buf_add(&l->agent, text.ptr + ov[2], ov[3] - ov[2]);
	}
	return (struct span){l->agent.data, l->agent.len};
}

static bool is_word(struct span s, const char *word)
{
	return s.len == strlen(word) && !strncasecmp(s.ptr, word, s.len);
}

/* One row: a reply link (in the pre-pass) or a record. */
static int read_row(struct reader *r, const struct span *cells, long line)
{
	struct reply_links *l = r->preset_state;
	const struct twcs_columns *c = &l->columns;
	struct raw_record raw = {.line = line};
	struct span id = tweet_id(cells[c->tweet]), inbound = cells[c->inbound];
	bool customer = is_word(inbound, "true"), company = is_word(inbound, "false");
	uint32_t i, root;

	if (!id.len)
		return reader_skip(r, line, 0, SKIP_MISSING_SESSION, "no tweet_id");
	if (r->prepass) {
		struct span parent = tweet_id(cells[c->parent]);
		uint32_t up = parent.len ? add_id(l, parent) : STR_NONE;

		/* Before l->parent[i] is written: add_id may move the arrays. */
		i = add_id(l, id);
		l->present[i] = true;
		if (up != STR_NONE)
			l->parent[i] = up;
		if (customer)
			l->author[i] = str_table_intern(l->authors, cells[c->author].ptr,
							cells[c->author].len);
		if (time_parse(cells[c->created].ptr, cells[c->created].len, r->opts->tz_offset_min,
			       &l->time_ms[i]) != TIME_OK)
			l->time_ms[i] = INT64_MAX;
		return 0;
	}
	i = str_table_find(l->ids, id.ptr, id.len);
	if (i == STR_NONE) /* the input changed since its links were read */
		return reader_fatal(r, line, "changed while qaudit was reading it");
	root = l->root[i];
	raw.field[FIELD_SESSION] =
		(struct span){str_table_get(l->ids, root), str_table_length(l->ids, root)};
	raw.field[FIELD_TIME] = cells[c->created];
	raw.field[FIELD_TEXT] = cells[c->text];
	raw.field[FIELD_CHANNEL] = c->channel >= 0 && cells[c->channel].len
					   ? cells[c->channel]
					   : (struct span){"twitter", 7};
	if (customer && l->author[i] != customer_of(l, root)) {
		/* Another account joining in, or another brand's post the customer replied to:
		 * context, not the customer's words, follow-ups, anger or clock. */
		raw.field[FIELD_ROLE] = (struct span){"system", 6};
	} else if (customer) {
		raw.field[FIELD_ROLE] = (struct span){"customer", 8};
		raw.field[FIELD_CUSTOMER] = cells[c->author];
	} else if (company) {
		raw.field[FIELD_ROLE] = (struct span){"agent", 5};
		raw.field[FIELD_AGENT] =
			agent_of(l, cells[c->author], cells[c->text], r->opts->signoff_agents);
	} else {
		raw.field[FIELD_ROLE] = inbound; /* neither: a bad record, named as it is */
	}
	for (int f = 0; f < FIELD_COUNT; f++)
		raw.has[f] = f != FIELD_STATUS && f != FIELD_CSAT;
	return reader_emit(r, &raw);
}

const struct preset_ops twcs_preset = {
	.name = "twcs",
	.format = FORMAT_CSV,
	.marks = {"tweet_id", "author_id", "inbound", "created_at", "in_response_to_tweet_id"},
	.read_header = read_header,
	.read_row = read_row,
	.state_new = reply_links_new,
	.prepass_done = reply_links_resolve,
	.state_free = reply_links_free,
};
