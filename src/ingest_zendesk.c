/* Zendesk Chat (Chat API chats): each chat's history[] holds its messages ("chat.msg") and
 * its events (members joining and leaving, ratings, transfers), each with the sender's
 * type, name and nick ("visitor", "agent:360001"), and an ISO 8601 UTC timestamp. */
#include <string.h>
#include <strings.h>

#include "ingest_formats.h"
#include "preset.h"

/* Who sent an entry, by sender_type ("Visitor", "Agent", "Trigger") or else by nick. */
static enum role sender(const cJSON *entry)
{
	const char *type = json_string(entry, "sender_type");
	const char *nick = json_string(entry, "nick");

	if (type) {
		if (!strcasecmp(type, "visitor") || !strcasecmp(type, "customer"))
			return ROLE_CUSTOMER;
		if (!strcasecmp(type, "agent"))
			return ROLE_AGENT;
		if (!strcasecmp(type, "trigger") || !strcasecmp(type, "bot") ||
		    !strcasecmp(type, "chatbot"))
			return ROLE_BOT;
		return ROLE_SYSTEM;
	}
	if (nick && !strncmp(nick, "visitor", 7))
		return ROLE_CUSTOMER;
	if (nick && (!strcmp(nick, "agent:trigger") || !strncmp(nick, "agent:bot", 9)))
		return ROLE_BOT;
	if (nick && !strncmp(nick, "agent:", 6))
		return ROLE_AGENT;
	return ROLE_SYSTEM;
}

/* The agent of an agent's entry: agent_id, else the id in its nick, else the chat's only
 * agent, else the name shown. */
static void put_agent(struct json_fields *jf, const cJSON *entry, const cJSON *chat)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(entry, "agent_id");
	const char *nick = json_string(entry, "nick");
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(chat, "agent_ids");

	if (id && !json_put_field(jf, FIELD_AGENT, id) && jf->raw.field[FIELD_AGENT].len)
		return;
	if (nick && !strncmp(nick, "agent:", 6) && nick[6])
		json_put_text(jf, FIELD_AGENT, nick + 6, strlen(nick + 6));
	else if (cJSON_GetArraySize(ids) == 1)
		json_put_field(jf, FIELD_AGENT, cJSON_GetArrayItem(ids, 0));
	else
		json_put_field(jf, FIELD_AGENT, cJSON_GetObjectItemCaseSensitive(entry, "name"));
}

/* "good" and "bad", the only ratings Zendesk Chat has, as the 1-5 scale's ends. */
static void put_rating(struct json_fields *jf, const cJSON *chat)
{
	const char *rating = json_string(chat, "rating");

	if (rating && !strcasecmp(rating, "good"))
		json_put_text(jf, FIELD_CSAT, "5", 1);
	else if (rating && !strcasecmp(rating, "bad"))
		json_put_text(jf, FIELD_CSAT, "1", 1);
}

static int read_zendesk_chat(struct reader *r, const cJSON *chat, long line)
{
	const cJSON *history = cJSON_GetObjectItemCaseSensitive(chat, "history");
	const cJSON *entry;
	struct json_fields base = {.raw = {.line = line}};
	long item = 0;

	if (!cJSON_IsArray(history))
		return reader_skip(r, line, 0, SKIP_WRONG_TYPE, "chat without a history array");
	json_put_field(&base, FIELD_SESSION, cJSON_GetObjectItemCaseSensitive(chat, "id"));
	json_put_field(&base, FIELD_CUSTOMER, json_get(chat, "visitor.id"));
	put_rating(&base, chat);
	base.raw.has[FIELD_TIME] = base.raw.has[FIELD_AGENT] = base.raw.has[FIELD_TEXT] = true;
	cJSON_ArrayForEach(entry, history)
	{
		struct json_fields jf = base;
		const char *type = json_string(entry, "type");
		enum role role = sender(entry);

		jf.raw.item = ++item;
		json_put_field(&jf, FIELD_TIME,
			       cJSON_GetObjectItemCaseSensitive(entry, "timestamp"));
		json_put_field(&jf, FIELD_TEXT, cJSON_GetObjectItemCaseSensitive(entry, "msg"));
		if (role == ROLE_AGENT)
			put_agent(&jf, entry, chat);
		/* Everything but a message (or a file sent) is an event of the chat. */
		if (!type || (strcmp(type, "chat.msg") && strcmp(type, "chat.file"))) {
			if (!jf.raw.field[FIELD_TEXT].len && type)
				json_put_text(&jf, FIELD_TEXT, type, strlen(type));
			jf.raw.handoff = type && strstr(type, "transfer");
			role = ROLE_SYSTEM;
		}
		if (json_emit(r, &jf, role))
			return -1;
	}
	return 0;
}

const struct preset_ops zendesk_chat_preset = {
	.name = "zendesk-chat",
	.format = FORMAT_JSON,
	.marks = {"\"history\"", "\"chat.msg\""},
	.read_value = read_zendesk_chat,
};
