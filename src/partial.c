/* The partial file (docs/SCALE.md, "The partial format"): a gzip stream of one record of
 * LEB128 numbers (signed ones zigzagged) and length-prefixed strings, in the order written
 * below. Names (agents, channels, customers) are written once, then referred to by number. */
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "atomic_file.h"
#include "mask.h"
#include "partial.h"
#include "utf8.h"
#include "xalloc.h"

static const char magic[] = "qaudit partial\n";

/* A customer's key: XXH3-64 of their id in hex. Two customers of an audit of a million share
 * one about once in 40 million audits: S4 could then link their sessions. */
#define CUSTOMER_KEY 16

/* ---- Writing ---- */

static void put_uint(struct buf *b, uint64_t v)
{
	do {
		buf_addch(b, (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
		v >>= 7;
	} while (v);
}

/* Signed numbers zigzag: 0, -1, 1, -2 ... as 0, 1, 2, 3 ..., so small ones stay short. */
static uint64_t zigzag(int64_t v)
{
	return v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1;
}

static int64_t unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static void put_int(struct buf *b, int64_t v)
{
	put_uint(b, zigzag(v));
}

/* STR_NONE (or NO_MESSAGE) as 0, anything else one up. */
static void put_ref(struct buf *b, uint32_t v)
{
	put_uint(b, v == STR_NONE ? 0 : (uint64_t)v + 1);
}

static void put_str(struct buf *b, const char *s, size_t len)
{
	put_uint(b, len);
	buf_add(b, s, len);
}

static void put_table(struct buf *b, const struct str_table *t)
{
	uint32_t n = str_table_count(t);

	put_uint(b, n);
	for (uint32_t i = 0; i < n; i++)
		put_str(b, str_table_get(t, i), str_table_length(t, i));
}

/* Customers by a hash of their id, which S4 follows across shards: a partial keeps no
 * customer id but, masked, those of the drafts (put_draft). */
static void put_customers(struct buf *b, const struct session_index *idx)
{
	uint32_t n = str_table_count(idx->customers);

	put_uint(b, n);
	for (uint32_t c = 0; c < n; c++) {
		uint64_t key = XXH3_64bits(str_table_get(idx->customers, c),
					   str_table_length(idx->customers, c));
		char hex[16];

		/* By hand: a buf_addf per customer was 0.7% of a map. */
		for (int i = 15; i >= 0; i--, key >>= 4)
			hex[i] = "0123456789abcdef"[key & 15];
		buf_add(b, hex, sizeof(hex));
	}
}

/* A time, as a difference from base (a time nearby, to keep the number short), one up;
 * 0: TIME_NONE. */
static void put_time(struct buf *b, int64_t v, int64_t base)
{
	if (v == TIME_NONE) {
		put_uint(b, 0);
		return;
	}
	put_uint(b, zigzag(v - (base == TIME_NONE ? 0 : base)) + 1);
}

static void put_inputs(struct buf *b, const struct audit *a)
{
	put_uint(b, a->in.count);
	for (size_t i = 0; i < a->in.count; i++) {
		const struct input_stats *s = &a->in.inputs[i];

		put_str(b, s->name, strlen(s->name));
		put_uint(b, s->format);
		put_uint(b, s->preset);
		put_uint(b, s->gzip);
		put_uint(b, s->encoding);
		put_uint(b, s->undecodable);
		put_int(b, s->undecodable_line);
		put_uint(b, s->records);
		put_uint(b, s->bad);
		put_uint(b, s->repaired);
		put_uint(b, s->untimed);
		put_uint(b, s->default_agent);
		put_uint(b, (unsigned char)s->delimiter);
	}
	put_uint(b, a->skips.total);
	put_uint(b, SKIP_REASON_COUNT);
	for (int r = 0; r < SKIP_REASON_COUNT; r++)
		put_uint(b, a->skips.count[r]);
}

static void put_sessions(struct buf *b, const struct session_index *idx)
{
	uint32_t n = session_count(idx);
	int64_t previous = TIME_NONE;

	put_uint(b, idx->notes);
	put_uint(b, idx->duplicates);
	put_uint(b, idx->overflow);
	put_table(b, idx->agents);
	put_table(b, idx->channels);
	put_customers(b, idx);
	put_uint(b, n);
	for (uint32_t s = 0; s < n; s++) {
		const struct session_info *i = &idx->sessions[s];

		/* Sessions come roughly in time order: each starts near the one before. */
		put_time(b, i->first_ms, previous);
		if (i->first_ms != TIME_NONE)
			previous = i->first_ms;
		put_time(b, i->last_ms, i->first_ms);
		put_time(b, i->start_ms, i->first_ms);
		put_str(b, str_table_get(idx->ids, s), str_table_length(idx->ids, s));
		put_ref(b, i->agent);
		put_ref(b, i->channel);
		put_ref(b, i->customer);
		put_uint(b, i->message_count);
		put_uint(b, i->records);
		put_int(b, i->first_response_ms);
		put_uint(b, i->category);
		put_uint(b, i->priority);
		put_uint(b, i->unscored);
		put_uint(b, i->keyword_hits);
		put_uint(b, i->untimed);
	}
}

static void put_tallies(struct buf *b, const struct reply_tallies *t)
{
	put_uint(b, t->count);
	for (size_t i = 0; i < t->count; i++) {
		put_uint(b, t->items[i].session);
		put_uint(b, t->items[i].agent);
		put_uint(b, t->items[i].period);
		put_uint(b, t->items[i].replies);
		put_uint(b, t->items[i].timeouts);
	}
}

static void put_draft(struct buf *b, const struct session_index *idx, const struct transcript *t,
		      const struct session_score *s, struct buf *masked)
{
	uint32_t customer = idx->sessions[t->session].customer;

	put_uint(b, t->session);
	put_uint(b, t->zoned);
	put_int(b, t->zone_min);
	buf_reset(masked);
	if (customer != STR_NONE)
		mask_text(str_table_get(idx->customers, customer),
			  str_table_length(idx->customers, customer), masked);
	put_str(b, masked->len ? masked->data : "", masked->len);
	put_uint(b, s->channel_class);
	put_uint(b, s->language_not_covered);
	put_uint(b, s->han);
	put_uint(b, s->latin_words);
	put_uint(b, s->judged);
	put_int(b, s->last_question_due_ms);
	put_uint(b, s->repeat_judged);
	put_uint(b, s->count);
	for (size_t i = 0; i < s->count; i++) {
		const struct finding *f = &s->findings[i];

		put_uint(b, f->rule);
		put_uint(b, f->red_line);
		put_uint(b, (unsigned)f->penalty);
		put_ref(b, f->message);
		put_uint(b, f->start);
		put_uint(b, f->end);
		put_str(b, f->detail, strlen(f->detail));
		put_time(b, f->time_ms, TIME_NONE);
		put_ref(b, f->agent);
		/* 0: no excerpt (a finding on the whole session), else its length + 1. */
		put_uint(b, f->excerpt ? strlen(f->excerpt) + 1 : 0);
		if (f->excerpt)
			buf_add(b, f->excerpt, strlen(f->excerpt));
	}
}

static void put_partial(struct buf *b, const struct audit *a)
{
	const struct sample_options *o = &a->opts->sample;
	struct buf masked = BUF_INIT;

	buf_addstr(b, magic);
	put_uint(b, PARTIAL_VERSION);
	put_str(b, a->digest, DIGEST_HEX);
	put_uint(b, o->seed);
	put_uint(b, o->rate_ppm);
	put_uint(b, o->min_per_agent);
	put_int(b, a->tz_offset_min);
	put_inputs(b, a);
	put_sessions(b, &a->sessions);
	put_tallies(b, &a->tallies);
	put_uint(b, a->transcripts.count);
	for (size_t i = 0; i < a->transcripts.count; i++)
		put_draft(b, &a->sessions, &a->transcripts.items[i], &a->scores[i], &masked);
	buf_release(&masked);
	buf_addstr(b, "end\n");
}

/* libdeflate at level 1: on a partial of 125 MB of CSV, 37 ms for 2.28 MB; level 3 took 56 ms
 * for 2.20 MB, zlib's level 2 80 ms for 7% more than that. A map is about 2 s. */
#define PARTIAL_GZIP_LEVEL 1

/* libdeflate allocates through xmalloc, so running out of memory ends the run as anywhere
 * else (exit 4), and libdeflate_alloc_* never returns NULL. */
static void use_xmalloc(void)
{
	libdeflate_set_memory_allocator(xmalloc, free);
}

static int deflate_to(FILE *fp, const struct buf *b)
{
	struct libdeflate_compressor *c;
	size_t bound, size;
	void *out;
	int rc;

	use_xmalloc();
	c = libdeflate_alloc_compressor(PARTIAL_GZIP_LEVEL);
	bound = libdeflate_gzip_compress_bound(c, b->len);
	out = xmalloc(bound);
	size = libdeflate_gzip_compress(c, b->data, b->len, out, bound);
	libdeflate_free_compressor(c);
	rc = size && fwrite(out, 1, size, fp) == size ? 0 : -1;
	free(out);
	return rc;
}

int partial_write(const struct audit *a, const char *path, struct qa_error *err)
{
	struct atomic_file f = {0};
	struct buf b = BUF_INIT;
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *name = slash ? slash + 1 : path;
	int rc;

	if (slash)
		*slash = '\0';
	rc = atomic_file_open(&f, slash ? (*dir ? dir : "/") : ".", name, err);
	if (!rc) {
		put_partial(&b, a);
		if (b.len > UINT32_MAX || deflate_to(f.fp, &b))
			rc = qa_fail(err, QA_EXIT_OUTPUT, "%s: %s", path,
				     strerror(errno ? errno : EIO));
		else
			rc = atomic_file_commit(&f, err);
	}
	if (rc)
		atomic_file_abort(&f);
	buf_release(&b);
	free(dir);
	return rc;
}

/* ---- Reading ---- */

struct cursor {
	const unsigned char *p, *end;
	const char *what; /* the first thing found wrong, or NULL */
};

static uint64_t get_uint(struct cursor *c)
{
	uint64_t v = 0;

	for (int shift = 0; shift < 64 && c->p < c->end; shift += 7) {
		unsigned char byte = *c->p++;

		v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
	c->what = c->what ? c->what : "a number runs past its end";
	c->p = c->end;
	return 0;
}

/* A number under limit; anything else makes the file bad. */
static uint64_t get_below(struct cursor *c, uint64_t limit, const char *what)
{
	uint64_t v = get_uint(c);

	if (v >= limit) {
		c->what = c->what ? c->what : what;
		return 0;
	}
	return v;
}

static int64_t get_int(struct cursor *c)
{
	return unzigzag(get_uint(c));
}

/* A message time is TIME_NONE or what time_parse can give (1970 to 2100, give or take a
 * zone), so that no crafted file sends a writer a year it cannot print. */
#define TIME_FLOOR   (-2 * 86400000LL)
#define TIME_CEILING 4134153600000LL /* 2101-01-03T00:00:00Z */

/* A reference written by put_ref, under limit unless STR_NONE. */
static uint32_t get_ref(struct cursor *c, uint32_t limit, const char *what)
{
	uint64_t v = get_below(c, (uint64_t)limit + 1, what);

	return v ? (uint32_t)(v - 1) : STR_NONE;
}

/* A string of len bytes: valid UTF-8 without NULs, like every text qaudit keeps. */
static const char *get_bytes(struct cursor *c, uint64_t len)
{
	const char *s = (const char *)c->p;

	if (len > (uint64_t)(c->end - c->p)) {
		c->what = c->what ? c->what : "a text runs past the end";
		c->p = c->end;
		return "";
	}
	c->p += len;
	if (memchr(s, '\0', len) || !utf8_is_valid(s, len)) {
		c->what = c->what ? c->what : "a text is not UTF-8";
		return "";
	}
	return s;
}

static char *get_str(struct cursor *c)
{
	uint64_t len = get_uint(c);
	const char *s = get_bytes(c, len);

	return c->what ? xstrdup("") : xmemdup(s, len);
}

/* n items of at least each bytes in the file: a crafted count finds too few bytes left
 * before anything is allocated for it. */
static uint32_t get_count(struct cursor *c, size_t each, const char *what)
{
	uint64_t n = get_below(c, UINT32_MAX, what);

	if (n > (uint64_t)(c->end - c->p) / each) {
		c->what = c->what ? c->what : what;
		return 0;
	}
	return (uint32_t)n;
}

/* A count, then that many names: each of len bytes, or its length first when len is 0. */
static void get_names(struct cursor *c, struct name_list *l, size_t len, const char *what)
{
	uint32_t n = get_count(c, len ? len : 1, what);

	l->items = xcalloc(n ? n : 1, sizeof(*l->items));
	for (l->count = 0; l->count < n && !c->what; l->count++) {
		size_t size = len ? len : get_uint(c);

		l->items[l->count] = (struct span){get_bytes(c, size), size};
	}
}

/* A time written by put_time. */
static int64_t get_time(struct cursor *c, int64_t base)
{
	uint64_t v = get_uint(c);
	int64_t t;

	if (!v)
		return TIME_NONE;
	t = unzigzag(v - 1);
	if (base != TIME_NONE && __builtin_add_overflow(t, base, &t))
		t = TIME_NONE;
	if (t == TIME_NONE || t < TIME_FLOOR || t > TIME_CEILING) {
		c->what = c->what ? c->what : "a time out of range";
		return TIME_NONE;
	}
	return t;
}

static void get_inputs(struct cursor *c, struct partial *p)
{
	uint64_t n = get_below(c, 1u << 20, "too many inputs");

	p->inputs = xcalloc(n ? n : 1, sizeof(*p->inputs));
	for (; p->input_count < n && !c->what; p->input_count++) {
		struct input_stats *s = &p->inputs[p->input_count];

		s->name = get_str(c);
		s->format = (enum input_format)get_below(c, FORMAT_NDJSON + 1, "a bad format");
		s->preset = (enum preset)get_below(c, PRESET_COUNT, "a bad preset");
		s->gzip = get_below(c, 2, "a bad flag");
		s->encoding = (enum encoding)get_below(c, ENCODING_UTF16BE + 1, "a bad encoding");
		s->undecodable = get_uint(c);
		s->undecodable_line = (long)get_int(c);
		s->records = get_uint(c);
		s->bad = get_uint(c);
		s->repaired = get_uint(c);
		s->untimed = get_uint(c);
		s->default_agent = get_uint(c);
		s->delimiter = (char)get_below(c, 128, "a bad delimiter");
	}
	p->bad_total = get_uint(c);
	if (get_uint(c) != SKIP_REASON_COUNT)
		c->what = c->what ? c->what : "another list of skip reasons";
	for (int r = 0; r < SKIP_REASON_COUNT; r++)
		p->bad_by_reason[r] = get_uint(c);
}

/* One session, its time written after the session's before it (*previous). */
static void get_session(struct cursor *c, const struct partial *p, int64_t *previous,
			struct session_info *info, struct span *id)
{
	struct session_info i = {0};
	uint64_t len;

	i.first_ms = get_time(c, *previous);
	if (i.first_ms != TIME_NONE)
		*previous = i.first_ms;
	i.last_ms = get_time(c, i.first_ms);
	i.start_ms = get_time(c, i.first_ms);
	len = get_uint(c);
	*id = (struct span){get_bytes(c, len), len};
	i.agent = get_ref(c, p->agents.count, "a bad agent");
	i.channel = get_ref(c, p->channels.count, "a bad channel");
	i.customer = get_ref(c, p->customers.count, "a bad customer");
	i.message_count = (uint32_t)get_below(c, UINT32_MAX, "a bad count");
	i.records = (uint32_t)get_below(c, UINT32_MAX, "a bad count");
	i.first_response_ms = get_int(c);
	if (i.first_response_ms < -1 || i.first_response_ms > TIME_CEILING - TIME_FLOOR)
		c->what = c->what ? c->what : "a bad first response";
	i.category = (enum category)get_below(c, CATEGORY_SUGGESTION + 1, "a bad category");
	i.priority = (enum priority)get_below(c, PRIORITY_URGENT + 1, "a bad priority");
	i.unscored = (enum unscored)get_below(c, UNSCORED_COUNT, "a bad status");
	i.keyword_hits = (uint8_t)get_below(c, 256, "a bad keyword count");
	i.untimed = get_below(c, 2, "a bad flag");
	/* Every scored session has its agent: the figures are counted under them. */
	if (i.unscored == SCORED && i.agent == STR_NONE)
		c->what = c->what ? c->what : "a scored session without an agent";
	if (!i.untimed && (i.first_ms == TIME_NONE || i.last_ms == TIME_NONE))
		c->what = c->what ? c->what : "a timed session without times";
	*info = i;
}

/* The fewest bytes put_sessions writes for a session: a byte for each of its 15 numbers. */
#define SESSION_MIN_BYTES 15

/* Checks the sessions, which stay in the bytes until the merge reads them
 * (partial_session_next): each is in memory once, in the merge's index. The merge also
 * finds an id listed twice. Returns what get_drafts checks against: per session, 1 if it
 * is scored. */
static unsigned char *get_sessions(struct cursor *c, struct partial *p)
{
	int64_t previous = TIME_NONE;
	unsigned char *scored;

	p->notes = get_uint(c);
	p->duplicates = get_uint(c);
	p->overflow = get_uint(c);
	get_names(c, &p->agents, 0, "too many agents");
	get_names(c, &p->channels, 0, "too many channels");
	get_names(c, &p->customers, CUSTOMER_KEY, "too many customers");
	p->session_count = get_count(c, SESSION_MIN_BYTES, "too many sessions");
	p->sessions_at = c->p;
	scored = xcalloc(p->session_count ? p->session_count : 1, 1);
	for (uint32_t s = 0; s < p->session_count && !c->what; s++) {
		struct session_info info;
		struct span id;

		get_session(c, p, &previous, &info, &id);
		scored[s] = info.unscored == SCORED;
	}
	p->sessions_end = c->p;
	return scored;
}

void partial_sessions_start(const struct partial *p, struct partial_sessions *at)
{
	*at = (struct partial_sessions){p->sessions_at, p->sessions_end, TIME_NONE};
}

void partial_session_next(const struct partial *p, struct partial_sessions *at,
			  struct session_info *info, struct span *id)
{
	struct cursor c = {at->p, at->end, NULL};

	get_session(&c, p, &at->previous, info, id);
	at->p = c.p;
}

static void get_tallies(struct cursor *c, struct partial *p)
{
	uint32_t sessions = p->session_count, agents = p->agents.count;
	uint64_t n = get_uint(c);
	struct reply_tallies *t = &p->tallies;

	for (uint64_t i = 0; i < n && !c->what; i++) {
		ALLOC_GROW(t->items, t->count + 1, t->capacity);
		t->items[t->count++] = (struct reply_tally){
			(uint32_t)get_below(c, sessions, "a tally of no session"),
			(uint32_t)get_below(c, agents, "a tally of no agent"),
			(enum period)get_below(c, PERIOD_COUNT, "a bad period"),
			(uint32_t)get_below(c, UINT32_MAX, "a bad count"),
			(uint32_t)get_below(c, UINT32_MAX, "a bad count")};
	}
}

static void get_finding(struct cursor *c, struct finding *f, uint32_t agents)
{
	uint64_t excerpt;

	f->rule = (enum rule)get_below(c, RULE_COUNT, "a bad checkpoint");
	f->red_line = get_below(c, 2, "a bad flag");
	f->penalty = (int)get_below(c, GRADE_A + 1, "a bad penalty");
	f->message = get_ref(c, UINT32_MAX - 1, "a bad message");
	f->start = (uint32_t)get_below(c, UINT32_MAX, "a bad place");
	f->end = (uint32_t)get_below(c, UINT32_MAX, "a bad place");
	f->detail = get_str(c);
	f->time_ms = get_time(c, TIME_NONE);
	f->agent = get_ref(c, agents, "a finding by no agent");
	excerpt = get_uint(c);
	if (excerpt) {
		const char *s = get_bytes(c, excerpt - 1);

		f->excerpt = xmemdup(c->what ? "" : s, c->what ? 0 : excerpt - 1);
	}
}

/* scored: get_sessions'; a session drafted is marked 2 there. */
static void get_drafts(struct cursor *c, struct partial *p, unsigned char *scored)
{
	uint32_t sessions = p->session_count, agents = p->agents.count;
	uint64_t n = get_below(c, (uint64_t)sessions + 1, "more drafts than sessions");

	p->drafts = xcalloc(n ? n : 1, sizeof(*p->drafts));
	for (; p->draft_count < n && !c->what; p->draft_count++) {
		struct draft *d = &p->drafts[p->draft_count];
		struct session_score *s = &d->score;
		uint64_t findings;

		d->session = (uint32_t)get_below(c, sessions, "a draft of no session");
		if (sessions && !scored[d->session])
			c->what = c->what ? c->what : "a draft of an unscored session";
		if (sessions && scored[d->session]++ > 1)
			c->what = c->what ? c->what : "a session drafted twice";
		d->zoned = get_below(c, 2, "a bad flag");
		d->zone_min = (int)get_int(c);
		d->customer_shown = get_str(c);
		if (d->zone_min < -24 * 60 || d->zone_min > 24 * 60)
			c->what = c->what ? c->what : "a bad zone";
		s->channel_class = (enum channel_class)get_below(c, CLASS_COUNT, "a bad class");
		s->language_not_covered = get_below(c, 2, "a bad flag");
		s->han = (uint32_t)get_below(c, UINT32_MAX, "a bad count");
		s->latin_words = (uint32_t)get_below(c, UINT32_MAX, "a bad count");
		s->judged = (uint32_t)get_below(c, 1ull << RULE_COUNT, "a bad checkpoint set");
		s->last_question_due_ms = get_int(c);
		s->repeat_judged = get_below(c, 2, "a bad flag");
		findings = get_below(c, 1u << 16, "too many findings");
		s->findings = xcalloc(findings ? findings : 1, sizeof(*s->findings));
		s->capacity = findings ? findings : 1;
		for (; s->count < findings && !c->what; s->count++)
			get_finding(c, &s->findings[s->count], agents);
	}
}

int partial_parse(struct partial *p, const unsigned char *data, size_t len, const char *name,
		  struct qa_error *err)
{
	struct cursor c = {data, data + len, NULL};
	uint64_t version;
	const char *digest;
	unsigned char *scored = NULL;

	memset(p, 0, sizeof(*p));
	if (len < sizeof(magic) - 1 || memcmp(data, magic, sizeof(magic) - 1))
		return qa_fail(err, QA_EXIT_INPUT,
			       "%s: not a partial audit (qaudit map writes them)", name);
	c.p += sizeof(magic) - 1;
	version = get_uint(&c);
	if (version != PARTIAL_VERSION)
		return qa_fail(err, QA_EXIT_INPUT,
			       "%s: a partial of version %llu; this qaudit reads version %d (map "
			       "the shard again with it)",
			       name, (unsigned long long)version, PARTIAL_VERSION);
	if (get_uint(&c) != DIGEST_HEX)
		c.what = "a bad digest";
	digest = get_bytes(&c, DIGEST_HEX);
	if (!c.what)
		memcpy(p->digest, digest, DIGEST_HEX);
	p->sample.seed = get_uint(&c);
	p->sample.rate_ppm = (uint32_t)get_below(&c, RATE_ONE + 1, "a bad rate");
	p->sample.min_per_agent = (uint32_t)get_below(&c, UINT32_MAX, "a bad minimum");
	p->tz_offset_min = (int)get_int(&c);
	get_inputs(&c, p);
	if (!c.what)
		scored = get_sessions(&c, p);
	if (!c.what)
		get_tallies(&c, p);
	if (!c.what)
		get_drafts(&c, p, scored);
	free(scored);
	if (!c.what && ((size_t)(c.end - c.p) != 4 || memcmp(c.p, "end\n", 4)))
		c.what = "it does not end where it should";
	if (c.what)
		return qa_fail(err, QA_EXIT_INPUT, "%s: damaged partial (%s at byte %zu)", name,
			       c.what, (size_t)(c.p - data));
	return 0;
}

/* The whole file, however it is opened (a pipe has no size). */
static int read_whole(const char *path, struct buf *in, struct qa_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	struct stat st;

	if (fd < 0)
		return qa_fail(err, QA_EXIT_INPUT, "%s: %s", path, strerror(errno));
	rc = buf_read_fd(in, fd, !fstat(fd, &st) && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0,
			 SIZE_MAX);
	if (rc)
		rc = qa_fail(err, QA_EXIT_INPUT, "%s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

/* The whole gunzipped file, inflated once into room made once: gzip's trailer gives its
 * length (a partial is under 4 GiB), and libdeflate checks it and the CRC. A length past
 * deflate's densest (1032:1) is damage, not a reason to allocate it. */
static int inflate_file(const char *path, struct buf *out, struct qa_error *err)
{
	struct buf in = BUF_INIT;
	struct libdeflate_decompressor *d;
	enum libdeflate_result r = LIBDEFLATE_BAD_DATA;
	const unsigned char *tail;
	size_t length, used = 0;
	int rc = 0;

	if (read_whole(path, &in, err)) {
		buf_release(&in);
		return -1;
	}
	/* Not even gzip: most likely an input given where a partial goes. */
	if (in.len < 18 || (unsigned char)in.data[0] != 0x1f || (unsigned char)in.data[1] != 0x8b) {
		buf_release(&in);
		return qa_fail(err, QA_EXIT_INPUT,
			       "%s: not a partial audit (qaudit map writes them)", path);
	}
	tail = (const unsigned char *)in.data + in.len - 4;
	length = (size_t)tail[0] | (size_t)tail[1] << 8 | (size_t)tail[2] << 16 |
		 (size_t)tail[3] << 24;
	if (length <= in.len * 1032) {
		buf_grow(out, length);
		use_xmalloc();
		d = libdeflate_alloc_decompressor();
		r = libdeflate_gzip_decompress_ex(d, in.data, in.len, out->data, length, &used,
						  NULL);
		libdeflate_free_decompressor(d);
	}
	if (r != LIBDEFLATE_SUCCESS)
		rc = qa_fail(err, QA_EXIT_INPUT, "%s: a damaged or truncated partial (bad gzip)",
			     path);
	else if (used != in.len)
		rc = qa_fail(err, QA_EXIT_INPUT,
			     "%s: a damaged partial (bytes after its gzip stream)", path);
	else {
		out->len = length;
		out->data[length] = '\0';
	}
	buf_release(&in);
	return rc;
}

int partial_read(struct partial *p, const char *path, struct qa_error *err)
{
	struct buf data = BUF_INIT;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = inflate_file(path, &data, err);
	if (!rc)
		rc = partial_parse(p, (const unsigned char *)data.data, data.len, path, err);
	p->bytes = buf_detach(&data);
	return rc;
}

void partial_drop_sessions(struct partial *p)
{
	struct name_list *lists[] = {&p->agents, &p->channels, &p->customers};

	for (size_t i = 0; i < sizeof(lists) / sizeof(*lists); i++) {
		free(lists[i]->items);
		*lists[i] = (struct name_list){0};
	}
	p->session_count = 0;
	p->sessions_at = p->sessions_end = NULL;
	reply_tallies_release(&p->tallies);
	free(p->bytes);
	p->bytes = NULL;
}

void partial_release(struct partial *p)
{
	for (size_t i = 0; i < p->input_count; i++)
		free((char *)p->inputs[i].name);
	free(p->inputs);
	for (size_t i = 0; i < p->draft_count; i++) {
		session_score_release(&p->drafts[i].score);
		free(p->drafts[i].customer_shown);
	}
	free(p->drafts);
	partial_drop_sessions(p);
	memset(p, 0, sizeof(*p));
}
