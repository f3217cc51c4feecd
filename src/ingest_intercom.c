/* Intercom conversations: the first message is the conversation's source; the rest are
 * conversation_parts, of which "comment" parts are messages, "note" parts internal notes,
 * and assignments, closings and the like events. Bodies are HTML; times are epoch
 * seconds; an author's type says who wrote (user, lead or contact; admin or team; bot). */
#include <string.h>

#include "html_text.h"
#include "ingest_formats.h"
#include "preset.h"

/* The conversation's first message: "source", or "conversation_message" in API 1.x exports. */
static const cJSON *source_of(const cJSON *conversation)
{
	const cJSON *source = cJSON_GetObjectItemCaseSensitive(conversation, "source");

	return source ? source
		      : cJSON_GetObjectItemCaseSensitive(conversation, "conversation_message");
}

static enum role author_role(const cJSON *part)
{
	const char *type = json_string(part, "author.type");

	if (!type)
		return ROLE_SYSTEM;
	if (!strcmp(type, "user") || !strcmp(type, "lead") || !strcmp(type, "contact"))
		return ROLE_CUSTOMER;
	if (!strcmp(type, "admin") || !strcmp(type, "team"))
		return ROLE_AGENT;
	return !strcmp(type, "bot") ? ROLE_BOT : ROLE_SYSTEM;
}

/* The session fields: id, state, rating and the customer (the source's author when that is
 * a customer, else the first contact). */
static void read_conversation(struct json_fields *base, const cJSON *conversation)
{
	const cJSON *source = source_of(conversation);
	const cJSON *open = cJSON_GetObjectItemCaseSensitive(conversation, "open");
	const char *state = json_string(conversation, "state");

	json_put_field(base, FIELD_SESSION, cJSON_GetObjectItemCaseSensitive(conversation, "id"));
	if (state)
		json_put_text(base, FIELD_STATUS, state, strlen(state));
	else if (cJSON_IsBool(open))
		json_put_text(base, FIELD_STATUS, cJSON_IsTrue(open) ? "open" : "closed",
			      cJSON_IsTrue(open) ? 4 : 6);
	json_put_field(base, FIELD_CSAT, json_get(conversation, "conversation_rating.rating"));
	if (author_role(source) == ROLE_CUSTOMER)
		json_put_field(base, FIELD_CUSTOMER, json_get(source, "author.id"));
	else
		json_put_field(base, FIELD_CUSTOMER,
			       json_get(conversation, "contacts.contacts.0.id"));
	base->raw.has[FIELD_TIME] = base->raw.has[FIELD_AGENT] = base->raw.has[FIELD_TEXT] = true;
}

/* One part (or the source): its role by part type and author, its text from the HTML body. */
static int read_part(struct reader *r, const struct json_fields *base, const cJSON *part,
		     const cJSON *time, long item, struct buf *text)
{
	struct json_fields jf = *base;
	const char *type = json_string(part, "part_type");
	const char *body = json_string(part, "body");
	enum role role = author_role(part);

	jf.raw.item = item;
	json_put_field(&jf, FIELD_TIME, time);
	buf_reset(text);
	if (body)
		html_to_text(body, strlen(body), text);
	if (role == ROLE_AGENT)
		json_put_field(&jf, FIELD_AGENT, json_get(part, "author.id"));
	if (type && (!strcmp(type, "note") || !strcmp(type, "note_and_reopen"))) {
		role = ROLE_NOTE;
	} else if (type && strcmp(type, "comment")) {
		jf.raw.handoff = strstr(type, "assignment") != NULL;
		if (!text->len)
			buf_addstr(text, type);
		role = ROLE_SYSTEM;
	}
	json_put_text(&jf, FIELD_TEXT, text->data ? text->data : "", text->len);
	return json_emit(r, &jf, role);
}

static int read_intercom(struct reader *r, const cJSON *conversation, long line)
{
	const cJSON *source = source_of(conversation);
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(conversation, "conversation_parts");
	const cJSON *part;
	struct json_fields base = {.raw = {.line = line}};
	struct buf text = BUF_INIT;
	long item = 0;
	int rc = 0;

	/* The API nests the list: conversation_parts.conversation_parts[]. */
	if (cJSON_IsObject(parts))
		parts = cJSON_GetObjectItemCaseSensitive(parts, "conversation_parts");
	if (!cJSON_IsArray(parts) && !cJSON_IsObject(source))
		return reader_skip(r, line, 0, SKIP_WRONG_TYPE,
				   "conversation without a source or conversation_parts");
	read_conversation(&base, conversation);
	if (cJSON_IsObject(source))
		rc = read_part(r, &base, source,
			       cJSON_GetObjectItemCaseSensitive(conversation, "created_at"), ++item,
			       &text);
	cJSON_ArrayForEach(part, parts)
	{
		if (rc)
			break;
		rc = read_part(r, &base, part, cJSON_GetObjectItemCaseSensitive(part, "created_at"),
			       ++item, &text);
	}
	buf_release(&text);
	return rc;
}

const struct preset_ops intercom_preset = {
	.name = "intercom",
	.format = FORMAT_JSON,
	.marks = {"\"conversation_parts\"", "\"part_type\""},
	.read_value = read_intercom,
};
