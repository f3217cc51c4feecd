/* JSON and NDJSON input through cJSON. A JSON document is never parsed whole: its array of
 * sessions is split into elements here (tracking only strings and nesting), and each
 * element is parsed alone, so memory stays bounded by the largest session. */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_formats.h"
#include "preset.h"
#include "xalloc.h"

/* What peek returns instead of a byte: a failure is -1, as everywhere in ingest. */
enum { READ_ERROR = -1, END_OF_INPUT = -2 };

/* Keys whose array holds the sessions of an export (docs/STANDARD.md §1), normalised. */
static const char *const wrapper_keys[] = {
	"sessions", "conversations", "chats",     "data", "items",    "records", "results",
	"tickets",  "dialogs",       "dialogues", "会话", "会话列表", "會話",
};
/* Keys whose array holds the messages of a session. */
static const char *const message_keys[] = {
	"messages",   "history", "conversationparts", "events",     "turns",
	"utterances", "dialog",  "dialogue",          "transcript", "chatmessages",
	"msgs",       "消息",    "消息列表",          "聊天记录",   "訊息",
	"對話",       "对话",
};

/* True if a JSON key equals a normalised name (case and '_', '-', ' ' ignored). */
static bool key_is(const char *key, const char *name)
{
	for (;; key++) {
		char c = *key;

		if (c == '_' || c == '-' || c == ' ' || c == '.')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *name)
			return false;
		if (!c)
			return true;
		name++;
	}
}

static bool key_in(const char *key, const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (key_is(key, names[i]))
			return true;
	return false;
}

#define KEY_IN(key, list) key_in((key), (list), sizeof(list) / sizeof(*(list)))

/* What else a key can be besides a field. */
enum { KEY_WRAPPER = 1, KEY_MESSAGES = 2, KEY_ID = 4, KEY_HANDOFF = 8 };

/* The keys met so far in one input and what they name: an export repeats the same few
 * keys in every object. The reader's format_state while JSON is read. */
struct key_cache {
	struct json_key {
		char name[32];
		size_t len;
		int field;      /* enum field, or FIELD_COUNT */
		unsigned kinds; /* KEY_* bits */
	} keys[32], scratch;
	size_t count, next;
};

/* What key names, worked out once per distinct key. */
static const struct json_key *classify(struct reader *r, const char *key)
{
	struct key_cache *c = r->format_state;
	size_t len = strlen(key);
	struct json_key *k;

	/* Objects list their keys in the same order: try the one after the last first. */
	for (size_t n = 0, i = c->next; n < c->count; n++, i = (i + 1) % c->count) {
		if (c->keys[i].len == len && !memcmp(c->keys[i].name, key, len)) {
			c->next = (i + 1) % c->count;
			return &c->keys[i];
		}
	}
	k = c->count < sizeof(c->keys) / sizeof(*c->keys) && len < sizeof(k->name)
		    ? &c->keys[c->count++]
		    : &c->scratch;
	k->len = len < sizeof(k->name) ? len : 0;
	memcpy(k->name, key, k->len);
	k->field = (int)field_map_lookup(r->opts->map, key, len);
	k->kinds = (KEY_IN(key, wrapper_keys) ? KEY_WRAPPER : 0) |
		   (KEY_IN(key, message_keys) ? KEY_MESSAGES : 0) |
		   (key_is(key, "id") ? KEY_ID : 0) | (key_is(key, "handoff") ? KEY_HANDOFF : 0);
	return k;
}

/* ---- Splitting a document into values ---- */

/* Skips white space; returns the next byte, END_OF_INPUT or READ_ERROR. */
static int peek(struct reader *r)
{
	for (;;) {
		while (r->start < r->end) {
			char c = r->data[r->start];

			if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
				return (unsigned char)c;
			reader_advance(r, 1);
		}
		switch (reader_fill(r)) {
		case FILL_FAILED:
			return READ_ERROR;
		case FILL_END:
			return END_OF_INPUT;
		case FILL_MORE:
			break;
		}
	}
}

/* Finds the length of the JSON value at the window start, reading more as needed.
 * Returns 0, or -1 after a fatal error (truncated, too large, too deep). */
static int value_length(struct reader *r, size_t *len)
{
	size_t i = 0;
	int depth = 0;
	bool in_string = false, escaped = false;
	long line = r->line;

	for (;;) {
		for (; r->start + i < r->end; i++) {
			char c = r->data[r->start + i];

			if (in_string) {
				if (escaped)
					escaped = false;
				else if (c == '\\')
					escaped = true;
				else if (c == '"' && (in_string = false, depth == 0))
					return *len = i + 1, 0;
				continue;
			}
			if (c == '"') {
				in_string = true;
			} else if (c == '{' || c == '[') {
				if (++depth > MAX_JSON_DEPTH + 2)
					return reader_fatal(r, line,
							    "JSON nested deeper than %d levels",
							    MAX_JSON_DEPTH);
			} else if (c == '}' || c == ']') {
				if (--depth == 0)
					return *len = i + 1, 0;
				if (depth < 0)
					return *len = i, 0;
			} else if (depth == 0 &&
				   (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
				return *len = i, 0; /* end of a number or literal */
			}
		}
		if (i > MAX_RECORD_BYTES)
			return reader_fatal(r, line, "JSON value larger than %u bytes",
					    MAX_RECORD_BYTES);
		switch (reader_fill(r)) {
		case FILL_FAILED:
			return -1;
		case FILL_END:
			if (depth == 0 && !in_string && i > 0)
				return *len = i, 0;
			return reader_fatal(r, line, "JSON ends early (truncated file?)");
		case FILL_MORE:
			break;
		}
	}
}

/* True when data opens an object whose first key holds an array of sessions. */
static bool opens_wrapper(const char *data, size_t len)
{
	const char *p = data + 1, *end = data + len, *key;
	char name[64];

	while (p < end && strchr(" \t\r\n", *p))
		p++;
	if (p >= end || *p != '"')
		return false;
	key = ++p;
	while (p < end && *p != '"' && *p != '\\')
		p++;
	if (p >= end || *p != '"' || (size_t)(p - key) >= sizeof(name))
		return false;
	memcpy(name, key, (size_t)(p - key));
	name[p - key] = '\0';
	for (p++; p < end && strchr(" \t\r\n:", *p); p++)
		;
	return p < end && *p == '[' && KEY_IN(name, wrapper_keys);
}

/* Where a scan of JSON text stands with respect to strings. */
struct string_state {
	bool in_string, escaped;
};

/* Steps over c: true while c is part of a string (its quotes included), so the caller sees
 * only the bytes between strings. */
static bool in_json_string(struct string_state *st, char c)
{
	if (st->in_string) {
		if (st->escaped)
			st->escaped = false;
		else if (c == '\\')
			st->escaped = true;
		else if (c == '"')
			st->in_string = false;
		return true;
	}
	if (c == '"')
		st->in_string = true;
	return st->in_string;
}

bool json_first_value_on_one_line(const char *data, size_t len)
{
	struct string_state st = {false, false};
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		char c = data[i];

		if (in_json_string(&st, c)) {
			continue;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (--depth <= 0)
				return true;
		} else if (c == '\n') {
			return false;
		}
	}
	/* A first line longer than the sample is one long NDJSON line, or a whole document
	 * on one line (minified), which opens with its array of sessions. */
	return !opens_wrapper(data, len);
}

/* ---- From cJSON values to records ---- */

#define EXACT_LIMIT 9007199254740992.0 /* 2^53 */

enum put_result json_put_field(struct json_fields *jf, enum field f, const cJSON *v)
{
	struct span *s = &jf->raw.field[f];

	if (cJSON_IsNull(v)) {
		jf->raw.has[f] = false;
		*s = (struct span){NULL, 0};
		return PUT_OK;
	}
	if (cJSON_IsString(v)) {
		*s = (struct span){v->valuestring, strlen(v->valuestring)};
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		int n;

		/* cJSON reads numbers as doubles: a whole number past 2^53 (a 19-digit id) has
		 * already lost digits, and two ids would become one. */
		if ((d >= EXACT_LIMIT || d <= -EXACT_LIMIT) && f != FIELD_TIME && f != FIELD_CSAT)
			return PUT_INEXACT;
		/* Whole numbers (epoch times, numeric ids) are written without exponent. */
		if (d > -1e15 && d < 1e15 && (double)(long long)d == d)
			n = snprintf(jf->numbers[f], sizeof(jf->numbers[f]), "%lld", (long long)d);
		else
			n = snprintf(jf->numbers[f], sizeof(jf->numbers[f]), "%.17g", d);
		*s = (struct span){jf->numbers[f], (size_t)n};
	} else if (cJSON_IsBool(v)) {
		*s = cJSON_IsTrue(v) ? (struct span){"true", 4} : (struct span){"false", 5};
	} else {
		return PUT_WRONG_TYPE;
	}
	jf->raw.has[f] = true;
	return PUT_OK;
}

void json_put_text(struct json_fields *jf, enum field f, const char *text, size_t len)
{
	jf->raw.field[f] = (struct span){text, len};
	jf->raw.has[f] = true;
}

/* The array index a path step names, or -1 when it is not all digits or too big. */
static int array_index(const char *step)
{
	long n = 0;

	if (!*step)
		return -1;
	for (const char *c = step; *c; c++) {
		if (*c < '0' || *c > '9' || n > INT_MAX / 10)
			return -1;
		n = n * 10 + (*c - '0');
	}
	return n <= INT_MAX ? (int)n : -1;
}

const cJSON *json_get(const cJSON *v, const char *path)
{
	while (v && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		char step[64];

		if (n >= sizeof(step))
			return NULL;
		memcpy(step, path, n);
		step[n] = '\0';
		if (cJSON_IsArray(v))
			v = array_index(step) >= 0 ? cJSON_GetArrayItem(v, array_index(step))
						   : NULL;
		else
			v = cJSON_GetObjectItemCaseSensitive(v, step);
		path += n + (dot != NULL);
	}
	return v;
}

const char *json_string(const cJSON *v, const char *path)
{
	v = json_get(v, path);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int json_emit(struct reader *r, struct json_fields *jf, enum role role)
{
	const char *word = role_name(role);

	json_put_text(jf, FIELD_ROLE, word, strlen(word));
	return reader_emit(r, &jf->raw) ? -1 : 0;
}

/* Fields that belong to each message, never to a whole session. */
static bool is_message_field(enum field f)
{
	return f == FIELD_TEXT || f == FIELD_ROLE || f == FIELD_TIME;
}

/* The member of object v named by path step, or NULL. */
static const cJSON *member_at(const cJSON *v, const char *step)
{
	for (const cJSON *member = v->child; member; member = member->next)
		if (member->string && json_step_is(step, member->string))
			return member;
	return NULL;
}

/* The value at path inside v, or NULL. */
static const cJSON *at_path(const cJSON *v, const struct json_path *path)
{
	for (size_t i = 0; v && i < path->count; i++) {
		const char *step = path->steps[i];

		if (cJSON_IsArray(v))
			v = array_index(step) >= 0 ? cJSON_GetArrayItem(v, array_index(step))
						   : NULL;
		else
			v = cJSON_IsObject(v) ? member_at(v, step) : NULL;
	}
	return v;
}

/* What storing a record's fields came to. */
enum store_result {
	STORE_FAILED = -1,
	STORE_OK = 0,
	STORE_SKIPPED, /* a field is bad: the record was logged and left out */
};

/* The result of storing a bad field, from reader_skip's result. */
static enum store_result skipped(int rc)
{
	return rc < 0 ? STORE_FAILED : STORE_SKIPPED;
}

/* Stores v as field f; name says where it came from in a skip message. */
static enum store_result store_field(struct reader *r, struct json_fields *jf, enum field f,
				     const cJSON *v, const char *name)
{
	switch (json_put_field(jf, f, v)) {
	case PUT_WRONG_TYPE:
		return skipped(reader_skip(r, jf->raw.line, jf->raw.item, SKIP_WRONG_TYPE,
					   "%s '%s' is %s, not text or a number", field_name(f),
					   name, cJSON_IsArray(v) ? "an array" : "an object"));
	case PUT_INEXACT:
		return skipped(reader_skip(r, jf->raw.line, jf->raw.item, SKIP_WRONG_TYPE,
					   "%s '%s' is a number too large to read exactly; write "
					   "it as a string",
					   field_name(f), name));
	case PUT_OK:
		break;
	}
	return STORE_OK;
}

/* Reads the keys of obj (or the --map paths into it) that name fields. */
static enum store_result read_fields(struct reader *r, const cJSON *obj, struct json_fields *jf,
				     bool session_level)
{
	const cJSON *v;
	enum store_result rc;

	cJSON_ArrayForEach(v, obj)
	{
		const struct json_key *k;
		enum field f;

		if (!v->string)
			continue;
		k = classify(r, v->string);
		f = (enum field)k->field;
		if (f == FIELD_SESSION && r->opts->map->session_is_key)
			continue; /* the session's key is its id */
		/* "handoff": true marks a message as record.handoff, so that a canonical
		 * NDJSON (what qaudit split writes) carries a preset's transfers. */
		if (f == FIELD_COUNT && !session_level && (k->kinds & KEY_HANDOFF)) {
			jf->raw.handoff = cJSON_IsTrue(v);
			continue;
		}
		if (f == FIELD_COUNT && session_level && (k->kinds & KEY_ID) &&
		    !jf->raw.has[FIELD_SESSION]) {
			f = FIELD_SESSION;
			jf->session_from_id = true;
		} else if (f == FIELD_SESSION && jf->session_from_id) {
			jf->session_from_id = false; /* a real session key beats "id" */
		} else if (f == FIELD_COUNT || (session_level && is_message_field(f))) {
			continue;
		}
		if ((rc = store_field(r, jf, f, v, v->string)) != STORE_OK)
			return rc;
	}
	/* --map paths, after the plain keys so that they win. */
	for (int f = 0; f < FIELD_COUNT; f++) {
		const struct json_path *path = &r->opts->map->path[f];

		if (!path->count || (session_level && is_message_field((enum field)f)) ||
		    (f == FIELD_SESSION && r->opts->map->session_is_key))
			continue;
		if ((v = at_path(obj, path)) != NULL &&
		    (rc = store_field(r, jf, (enum field)f, v, path->steps[path->count - 1])) !=
			    STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* The first member of obj whose key is of kind (KEY_WRAPPER or KEY_MESSAGES), in
 * *found_key, and it if it is an array. */
static const cJSON *find_array(struct reader *r, const cJSON *obj, unsigned kind,
			       const cJSON **found_key)
{
	const cJSON *v;

	cJSON_ArrayForEach(v, obj)
	{
		if (v->string && (classify(r, v->string)->kinds & kind)) {
			*found_key = v;
			return cJSON_IsArray(v) ? v : NULL;
		}
	}
	*found_key = NULL;
	return NULL;
}

/* A message is an object, or an array read through --map indexes ("role=0,text=1"). */
static bool is_message(const struct reader *r, const cJSON *m)
{
	const struct field_map *map = r->opts->map;

	return cJSON_IsObject(m) ||
	       (cJSON_IsArray(m) && map->path[FIELD_TEXT].count && map->path[FIELD_ROLE].count);
}

/* The fields of a session, whose id may be its key in an object of sessions. */
static void session_base(struct json_fields *base, long line, const char *key)
{
	*base = (struct json_fields){.raw = {.line = line}};
	if (key) {
		base->raw.field[FIELD_SESSION] = (struct span){key, strlen(key)};
		base->raw.has[FIELD_SESSION] = true;
	}
}

static int read_session(struct reader *r, const cJSON *obj, const cJSON *messages, long line,
			const char *key)
{
	struct json_fields base;
	const cJSON *m;
	long item = 0;
	enum store_result rc;

	session_base(&base, line, key);
	rc = read_fields(r, obj, &base, true);
	if (rc != STORE_OK)
		return rc == STORE_FAILED ? -1 : 0;
	cJSON_ArrayForEach(m, messages)
	{
		struct json_fields jf = base;

		jf.raw.item = ++item;
		/* Session-level numbers were written into base's own storage. */
		for (int f = 0; f < FIELD_COUNT; f++)
			if (base.raw.field[f].ptr == base.numbers[f])
				jf.raw.field[f].ptr = jf.numbers[f];
		if (!is_message(r, m)) {
			if (reader_skip(r, line, item, SKIP_WRONG_TYPE, "message is not an object"))
				return -1;
			continue;
		}
		rc = read_fields(r, m, &jf, false);
		if (rc == STORE_FAILED || (rc == STORE_OK && reader_emit(r, &jf.raw)))
			return -1;
	}
	return 0;
}

/* A session (with an array of messages) or a single message; key is the session id when
 * sessions are keyed by it (--map session=@key), else NULL. */
static int read_object(struct reader *r, const cJSON *obj, long line, const char *key)
{
	const struct json_path *path = &r->opts->map->messages;
	const cJSON *found, *messages;
	struct json_fields jf;
	enum store_result rc;

	if (!cJSON_IsObject(obj))
		return reader_skip(r, line, 0, SKIP_WRONG_TYPE,
				   "expected a session or message object");
	if (path->count) {
		found = at_path(obj, path);
		messages = cJSON_IsArray(found) ? found : NULL;
		if (!messages)
			return reader_skip(r, line, 0, SKIP_WRONG_TYPE,
					   "no array of messages at '%s' (--map messages)",
					   path->steps[path->count - 1]);
	} else {
		messages = find_array(r, obj, KEY_MESSAGES, &found);
		if (found && !messages)
			return reader_skip(r, line, 0, SKIP_WRONG_TYPE, "'%s' is not an array",
					   found->string);
	}
	if (messages)
		return read_session(r, obj, messages, line, key);
	session_base(&jf, line, key);
	rc = read_fields(r, obj, &jf, false);
	if (rc != STORE_OK)
		return rc == STORE_FAILED ? -1 : 0;
	return reader_emit(r, &jf.raw);
}

/* One chat, conversation or message of the input's preset. */
static int read_platform(struct reader *r, const cJSON *value, long line)
{
	if (!cJSON_IsObject(value))
		return reader_skip(r, line, 0, SKIP_WRONG_TYPE, "expected a %s object",
				   r->preset->name);
	return r->preset->read_value(r, value, line);
}

/* Whether a top-level object looks like sessions keyed by their ids, {"S1": {...}, ...}:
 * every member an object or array, and some key with a digit in it. */
static bool looks_keyed_by_id(const cJSON *object)
{
	const cJSON *member;
	bool digit = false;

	cJSON_ArrayForEach(member, object)
	{
		if (!cJSON_IsObject(member) && !cJSON_IsArray(member))
			return false;
		digit |= strpbrk(member->string, "0123456789") != NULL;
	}
	return digit;
}

/* Read as one session, such an object has no session id: say what it needs. */
static void hint_keyed_sessions(struct reader *r, const cJSON *object)
{
	if (looks_keyed_by_id(object))
		r->session_hint = " (sessions keyed by their id, as {\"S1\": {...}}? add --map "
				  "session=@key)";
}

/* A parsed value: an array of sessions, a wrapper object, an object of sessions keyed by
 * id, a session or a message. */
static int read_value(struct reader *r, const cJSON *value, long line)
{
	const cJSON *item, *key, *list = value;

	if (r->preset) {
		if (cJSON_IsObject(value))
			list = find_array(r, value, KEY_WRAPPER, &key);
		if (!cJSON_IsArray(list))
			return read_platform(r, value, line);
		cJSON_ArrayForEach(item, list)
		{
			if (read_platform(r, item, line))
				return -1;
		}
		return 0;
	}

	if (cJSON_IsObject(value)) {
		list = find_array(r, value, KEY_WRAPPER, &key);
		if (!list && r->opts->map->session_is_key) {
			cJSON_ArrayForEach(item, value)
			{
				if (read_object(r, item, line, item->string))
					return -1;
			}
			return 0;
		}
		if (!list) {
			int rc;

			/* The hint is this object's: each line of NDJSON may be read apart. */
			hint_keyed_sessions(r, value);
			rc = read_object(r, value, line, NULL);
			r->session_hint = NULL;
			return rc;
		}
	} else if (!cJSON_IsArray(value)) {
		return read_object(r, value, line, NULL);
	}
	cJSON_ArrayForEach(item, list)
	{
		if (read_object(r, item, line, NULL))
			return -1;
	}
	return 0;
}

/* The digits from which a whole number may be past 2^53, where a double loses digits. */
#define LONG_INTEGER_DIGITS 16

/* True when p holds a run of LONG_INTEGER_DIGITS digits, in a string or not: a quick test
 * that spares almost every value the exact scan. */
static bool has_long_digit_run(const char *p, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		run = p[i] >= '0' && p[i] <= '9' ? run + 1 : 0;
		if (run >= LONG_INTEGER_DIGITS)
			return true;
	}
	return false;
}

/*
 * cJSON keeps a number only as a double, which holds 15 to 17 digits: a 19-digit snowflake
 * id (1234567890123456789) would lose its last digits, and two ids could become one. cJSON
 * items carry no offsets into the text, so the digits cannot be taken back after parsing.
 * Instead, every whole number of LONG_INTEGER_DIGITS digits or more outside strings is
 * written into out as a string before parsing; json_put_field then stores its digits as
 * they are, as it does for a quoted id. A number with a fraction or an exponent is left as
 * it is. Returns false, out untouched, when p holds no such number.
 */
static bool quote_long_integers(const char *p, size_t len, struct buf *out)
{
	struct string_state st = {false, false};
	bool quoted = false;
	size_t copied = 0, i = 0;

	if (!has_long_digit_run(p, len))
		return false;
	while (i < len) {
		char c = p[i];
		size_t start = i, digits = 0;

		if (in_json_string(&st, c) || (c != '-' && (c < '0' || c > '9'))) {
			i++;
			continue;
		}
		i += c == '-';
		for (; i < len && p[i] >= '0' && p[i] <= '9'; i++)
			digits++;
		if (digits < LONG_INTEGER_DIGITS ||
		    (i < len && (p[i] == '.' || p[i] == 'e' || p[i] == 'E')))
			continue;
		buf_add(out, p + copied, start - copied);
		buf_addch(out, '"');
		buf_add(out, p + start, i - start);
		buf_addch(out, '"');
		copied = i;
		quoted = true;
	}
	if (quoted)
		buf_add(out, p + copied, len - copied);
	return quoted;
}

/* Parses p[0..len) with every long whole number kept digit for digit; NULL if it is not
 * exactly one JSON value. */
static cJSON *parse_exactly(const char *p, size_t len)
{
	struct buf quoted = BUF_INIT;
	const char *end = NULL;
	cJSON *value;

	if (quote_long_integers(p, len, &quoted)) {
		p = quoted.data;
		len = quoted.len;
	}
	value = cJSON_ParseWithLengthOpts(p, len, &end, false);
	if (value && end) {
		for (; end < p + len; end++) {
			if (*end != ' ' && *end != '\t' && *end != '\r' && *end != '\n') {
				cJSON_Delete(value);
				value = NULL;
				break;
			}
		}
	}
	buf_release(&quoted);
	return value;
}

/* Parses len bytes at the window start; NULL if they are not exactly one JSON value. */
static cJSON *parse_at_start(struct reader *r, size_t len)
{
	return parse_exactly(r->data + r->start, len);
}

enum unit_read {
	UNIT_READ_FAILED = -1,
	UNIT_READ = 0, /* an invalid record included: it was logged, or is known good */
	UNIT_NOT_JSON, /* the bytes are not valid JSON; the caller logs it */
};

/* Parses the len bytes at the window start and reads the value, then moves past them. */
static enum unit_read read_unit(struct reader *r, size_t len, long line)
{
	cJSON *value = parse_at_start(r, len);
	enum unit_read rc = !value                           ? UNIT_NOT_JSON
			    : read_value(r, value, line) < 0 ? UNIT_READ_FAILED
							     : UNIT_READ;

	cJSON_Delete(value);
	if (rc != UNIT_READ_FAILED)
		reader_advance(r, len);
	return rc;
}

/* ---- JSON documents ---- */

static int fail_at(struct reader *r, int c, const char *expected)
{
	if (c == READ_ERROR)
		return -1;
	if (c == END_OF_INPUT)
		return reader_fatal(r, r->line, "JSON ends early (truncated file?)");
	return reader_fatal(r, r->line, "invalid JSON: expected %s, found '%c'", expected, c);
}

/* Reads the array at the window start, one element at a time. */
static int read_array(struct reader *r)
{
	bool first = true;

	reader_advance(r, 1); /* '[' */
	for (;;) {
		int c = peek(r);
		size_t len;
		long line;
		enum unit_read rc;

		if (c == ']') {
			reader_advance(r, 1);
			return 0;
		}
		if (!first) {
			if (c != ',')
				return fail_at(r, c, "',' or ']'");
			reader_advance(r, 1);
			c = peek(r);
		}
		first = false;
		if (c < 0)
			return fail_at(r, c, "a value");
		line = r->line;
		reader_unit_starts(r);
		if (value_length(r, &len))
			return -1;
		/* The element's bounds are sound, so the rest of the document still reads: a
		 * broken element (a bad escape, a lone surrogate) costs that element only. */
		rc = read_unit(r, len, line);
		if (rc == UNIT_READ_FAILED ||
		    (rc == UNIT_NOT_JSON &&
		     reader_skip(r, line, 0, SKIP_INVALID_JSON, "invalid JSON in this element")))
			return -1;
	}
}

/* At a key of an object of sessions keyed by id: reads "key": session as one unit. */
static int read_keyed_member(struct reader *r)
{
	long line = r->line;
	cJSON *key, *value;
	size_t len;
	int c, rc;

	reader_unit_starts(r);
	if (value_length(r, &len))
		return -1;
	key = parse_at_start(r, len);
	if (!cJSON_IsString(key)) {
		cJSON_Delete(key);
		return reader_fatal(r, line, "invalid JSON: expected a key");
	}
	reader_advance(r, len);
	c = peek(r);
	if (c == ':') {
		reader_advance(r, 1);
		c = peek(r);
		rc = c < 0 ? fail_at(r, c, "a value") : value_length(r, &len);
	} else {
		rc = fail_at(r, c, "':'");
	}
	if (!rc) {
		value = parse_at_start(r, len);
		rc = value ? read_object(r, value, line, key->valuestring)
			   : reader_skip(r, line, 0, SKIP_INVALID_JSON,
					 "invalid JSON in this session");
		cJSON_Delete(value);
		if (rc >= 0)
			reader_advance(r, len);
	}
	cJSON_Delete(key);
	return rc < 0 ? -1 : 0;
}

/* Streams a top-level object of sessions keyed by id (--map session=@key), one member at a
 * time. */
static int read_keyed_object(struct reader *r)
{
	int c;

	reader_advance(r, 1); /* '{' */
	for (bool first = true;; first = false) {
		c = peek(r);
		if (c == '}') {
			reader_advance(r, 1);
			return 0;
		}
		if (!first) {
			if (c != ',')
				return fail_at(r, c, "',' or '}'");
			reader_advance(r, 1);
			c = peek(r);
		}
		if (c != '"')
			return fail_at(r, c, "a key");
		if (read_keyed_member(r))
			return -1;
	}
}

/* The key of a top-level object that holds the export's list of sessions (or, in the
 * export of a preset that lists messages, of messages). */
static bool is_wrapper(const struct reader *r, const char *key)
{
	return KEY_IN(key, wrapper_keys) ||
	       (r->preset && r->preset->lists_messages && KEY_IN(key, message_keys));
}

/* Reads a top-level object: streams its array of sessions if it has one, else parses it
 * whole as one session or message. */
static int read_top_object(struct reader *r)
{
	struct buf rest = BUF_INIT, key = BUF_INIT;
	long line = r->line;
	bool wrapped = false, first = true;
	int rc = -1;

	reader_unit_starts(r); /* unless it holds an array of sessions, it is one unit */
	reader_advance(r, 1);  /* '{' */
	buf_addch(&rest, '{');
	for (;;) {
		int c = peek(r);
		size_t len;

		if (c == '}') {
			reader_advance(r, 1);
			break;
		}
		if (!first) {
			if (c != ',') {
				fail_at(r, c, "',' or '}'");
				goto out;
			}
			reader_advance(r, 1);
			c = peek(r);
		}
		if (c != '"') {
			fail_at(r, c, "a key");
			goto out;
		}
		if (value_length(r, &len))
			goto out;
		buf_reset(&key);
		buf_add(&key, r->data + r->start + 1, len - 2);
		reader_advance(r, len);
		if ((c = peek(r)) != ':') {
			fail_at(r, c, "':'");
			goto out;
		}
		reader_advance(r, 1);
		c = peek(r);
		if (c == '[' && !wrapped && is_wrapper(r, buf_str(&key))) {
			wrapped = true;
			if (read_array(r))
				goto out;
		} else {
			if (c < 0) {
				fail_at(r, c, "a value");
				goto out;
			}
			if (value_length(r, &len))
				goto out;
			if (!wrapped) {
				buf_addf(&rest, "%s\"%s\":", first ? "" : ",", buf_str(&key));
				buf_add(&rest, r->data + r->start, len);
			}
			reader_advance(r, len);
		}
		first = false;
	}
	rc = 0;
	if (!wrapped) {
		cJSON *value;

		buf_addch(&rest, '}');
		value = parse_exactly(rest.data, rest.len);
		if (!value) {
			rc = reader_fatal(r, line, "invalid JSON");
		} else {
			hint_keyed_sessions(r, value);
			rc = read_object(r, value, line, NULL);
		}
		cJSON_Delete(value);
	}
out:
	buf_release(&rest);
	buf_release(&key);
	return rc;
}

static int read_document(struct reader *r)
{
	int c = peek(r), rc;

	if (c == '[')
		rc = read_array(r);
	else if (c == '{')
		rc = r->opts->map->session_is_key ? read_keyed_object(r) : read_top_object(r);
	else
		return fail_at(r, c, "'[' or '{'");
	if (rc)
		return -1;
	c = peek(r);
	if (c == READ_ERROR)
		return -1;
	if (c != END_OF_INPUT)
		return reader_fatal(r, r->line,
				    "unexpected data after the end of the JSON document");
	return 0;
}

/* ---- NDJSON ---- */

static bool is_blank(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

enum line_result {
	LINE_FAILED = -1,
	LINE_FOUND = 0, /* *len bytes, line end included */
	LINE_END,       /* no line is left */
	LINE_TOO_LONG,  /* a line over MAX_RECORD_BYTES, now skipped whole */
};

/* Finds the line at the window start, reading more as needed. */
static enum line_result next_line(struct reader *r, size_t *len)
{
	for (;;) {
		const char *p = r->data + r->start;
		const char *nl = memchr(p, '\n', r->end - r->start);
		enum fill_result got;

		if (!nl && r->end - r->start <= MAX_RECORD_BYTES) {
			got = reader_fill(r);
			if (got == FILL_FAILED)
				return LINE_FAILED;
			if (got == FILL_MORE)
				continue;
			if (r->start == r->end)
				return LINE_END;
		}
		*len = nl ? (size_t)(nl - p) + 1 : r->end - r->start;
		if (*len <= MAX_RECORD_BYTES)
			return LINE_FOUND;
		/* Over the limit whether or not its end is in the window yet. */
		if (nl) {
			reader_advance(r, *len);
			return LINE_TOO_LONG;
		}
		/* Skip the whole over-long line, however much more of it there is. */
		do {
			reader_advance(r, r->end - r->start);
			got = reader_fill(r);
			nl = memchr(r->data + r->start, '\n', r->end - r->start);
		} while (!nl && got == FILL_MORE);
		if (got == FILL_FAILED)
			return LINE_FAILED;
		if (nl)
			reader_advance(r, (size_t)(nl - (r->data + r->start)) + 1);
		return LINE_TOO_LONG;
	}
}

/* A line over MAX_RECORD_BYTES, read past: one bad record. Returns 0, or -1 (--strict). */
static int long_line(struct reader *r, long line)
{
	return reader_skip(r, line, 0, SKIP_TOO_LARGE, "line longer than %u bytes",
			   MAX_RECORD_BYTES);
}

static int read_lines(struct reader *r)
{
	for (;;) {
		long line = r->line;
		size_t len;
		enum line_result found = next_line(r, &len);
		enum unit_read rc;

		if (found == LINE_END || found == LINE_FAILED)
			return found == LINE_FAILED ? -1 : 0;
		if (found == LINE_TOO_LONG) {
			if (long_line(r, line))
				return -1;
			continue;
		}
		if (is_blank(r->data + r->start, len)) {
			reader_advance(r, len);
			continue;
		}
		reader_unit_starts(r);
		rc = read_unit(r, len, line);
		if (rc == UNIT_READ_FAILED ||
		    (rc == UNIT_NOT_JSON &&
		     reader_skip(r, line, 0, SKIP_INVALID_JSON, "invalid JSON line")))
			return -1;
	}
}

/* Opens r->chunk, of lines, at the window start. */
static void open_chunk(struct reader *r)
{
	chunk_open(r);
	r->chunk->lines = true;
}

/*
 * The reading thread's part of an NDJSON input cut into chunks: hands on its lines, whole,
 * about every chunk_bytes; a line over MAX_RECORD_BYTES is read past here, its verdict handed
 * on after the lines before it. Returns 0, or -1 (r->stop set).
 */
static int cut_lines(struct reader *r)
{
	for (;;) {
		long line = r->line;
		size_t len;
		enum line_result found = next_line(r, &len);

		if (found == LINE_END)
			break;
		if (found == LINE_FAILED) {
			r->stop = r->stop ? r->stop : -1;
			break;
		}
		if (found == LINE_FOUND) {
			buf_add(&r->chunk->data, r->data + r->start, len);
			reader_advance_lines(r, len, r->data[r->start + len - 1] == '\n');
			if (r->chunk->data.len < r->opts->chunk_bytes)
				continue;
		} else { /* LINE_TOO_LONG, read past */
			r->chunk->long_row = line;
		}
		if (chunk_hand_on(r))
			break;
		open_chunk(r);
	}
	return r->stop < 0 ? -1 : 0;
}

void ingest_json_chunk(struct reader *r, struct ingest_chunk *c)
{
	struct key_cache keys = {.count = 0};

	r->format_state = &keys;
	if (read_lines(r) && !r->stop)
		r->stop = -1;
	/* A line fails once it is started (a bad one is past the window start by then). */
	c->failed_at = r->stop < 0 ? r->unit & UNIT_OFFSET_MASK : UINT64_MAX;
	if (!r->stop && c->long_row)
		long_line(r, c->long_row);
	r->format_state = NULL;
}

/* The second read: only the lines, elements or top-level object at r->units. */
static int read_units(struct reader *r, bool ndjson)
{
	uint64_t document = 0;

	if (!ndjson) {
		if (peek(r) < 0)
			return -1;
		document = r->offset;
	}
	while (reader_next_unit(r) == UNIT_FOUND) {
		long line = r->line;
		size_t len;

		if (!ndjson && r->opts->map->session_is_key) {
			if (read_keyed_member(r))
				return -1;
			continue;
		}
		reader_unit_starts(r);
		if (!ndjson && r->offset == document) {
			if (read_top_object(r))
				return -1;
			continue;
		}
		if (ndjson ? next_line(r, &len) != LINE_FOUND : value_length(r, &len) != 0) {
			if (!r->stop)
				reader_fatal(r, line, "changed while qaudit was reading it");
			return -1;
		}
		if (read_unit(r, len, line) == UNIT_READ_FAILED)
			return -1;
	}
	return r->stop ? -1 : 0;
}

int ingest_json(struct reader *r, bool ndjson)
{
	struct key_cache keys = {.count = 0};
	/* The first read of NDJSON without a preset can be cut into chunks of lines. */
	bool cut = ndjson && r->opts->chunk && r->log && !r->units && !r->preset;
	int rc;

	if (cut) {
		open_chunk(r);
		return cut_lines(r) ? -1 : r->stop;
	}
	if (reader_wait_chunks(r))
		return r->stop;
	r->format_state = &keys;
	rc = r->units ? read_units(r, ndjson) : ndjson ? read_lines(r) : read_document(r);
	r->format_state = NULL;
	if (rc && !r->stop)
		r->stop = -1;
	return r->stop < 0 ? -1 : r->stop;
}
