/* Freshchat (Conversations API messages): each message names its conversation, its actor
 * (user, agent, bot, system) and its type (normal; private, an internal note; system), and
 * holds its text in message_parts[].text.content. A conversation object holding its
 * messages works too. */
#include <string.h>

#include "ingest_formats.h"
#include "preset.h"

static enum role actor_role(const cJSON *message)
{
	const char *actor = json_string(message, "actor_type");
	const char *type = json_string(message, "message_type");

	if (type && !strcmp(type, "private"))
		return ROLE_NOTE;
	if ((type && !strcmp(type, "system")) || !actor)
		return ROLE_SYSTEM;
	if (!strcmp(actor, "user"))
		return ROLE_CUSTOMER;
	if (!strcmp(actor, "agent"))
		return ROLE_AGENT;
	return !strcmp(actor, "bot") ? ROLE_BOT : ROLE_SYSTEM;
}

/* The text parts of a message, one per line; other parts (images, buttons) are skipped. */
static void join_parts(const cJSON *message, struct buf *text)
{
	const cJSON *part;

	buf_reset(text);
	cJSON_ArrayForEach(part, cJSON_GetObjectItemCaseSensitive(message, "message_parts"))
	{
		const char *content = json_string(part, "text.content");

		if (!content)
			continue;
		if (text->len)
			buf_addch(text, '\n');
		buf_addstr(text, content);
	}
}

static int read_message(struct reader *r, const cJSON *message, const cJSON *conversation,
			long line, long item, struct buf *text)
{
	struct json_fields jf = {.raw = {.line = line, .item = item}};
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(message, "conversation_id");
	enum role role = actor_role(message);

	if (!id)
		id = json_get(conversation, "conversation_id");
	json_put_field(&jf, FIELD_SESSION, id);
	json_put_field(&jf, FIELD_TIME, json_get(message, "created_time"));
	join_parts(message, text);
	json_put_text(&jf, FIELD_TEXT, text->data ? text->data : "", text->len);
	jf.raw.has[FIELD_AGENT] = true;
	if (role == ROLE_AGENT)
		json_put_field(&jf, FIELD_AGENT, json_get(message, "actor_id"));
	if (role == ROLE_CUSTOMER)
		json_put_field(&jf, FIELD_CUSTOMER, json_get(message, "actor_id"));
	json_put_field(&jf, FIELD_CHANNEL, json_get(message, "channel_id"));
	jf.raw.has[FIELD_TIME] = true;
	return json_emit(r, &jf, role);
}

static int read_freshchat(struct reader *r, const cJSON *value, long line)
{
	const cJSON *messages = cJSON_GetObjectItemCaseSensitive(value, "messages");
	const cJSON *message;
	struct buf text = BUF_INIT;
	long item = 0;
	int rc = 0;

	if (!cJSON_IsArray(messages)) {
		rc = read_message(r, value, NULL, line, 0, &text);
	} else {
		cJSON_ArrayForEach(message, messages)
		{
			if ((rc = read_message(r, message, value, line, ++item, &text)) != 0)
				break;
		}
	}
	buf_release(&text);
	return rc;
}

const struct preset_ops freshchat_preset = {
	.name = "freshchat",
	.format = FORMAT_JSON,
	.marks = {"\"message_parts\"", "\"actor_type\""},
	.lists_messages = true,
	.read_value = read_freshchat,
};
