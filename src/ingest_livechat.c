/* LiveChat (Agent Chat API): a chat lists its users (customer, agents, bots) and holds its
 * threads, one per visit, each a list of events. Each thread is a session. An event's
 * author_id is looked up in the users to tell customer from agent; events visible to
 * agents only are internal notes; system messages are events (a transfer hands over). */
#include <string.h>

#include "ingest_formats.h"
#include "preset.h"

/* The users entry of id, or NULL. */
static const cJSON *find_user(const cJSON *users, const char *id)
{
	const cJSON *user;

	cJSON_ArrayForEach(user, users)
	{
		const char *uid = json_string(user, "id");

		if (uid && !strcmp(uid, id))
			return user;
	}
	return NULL;
}

static enum role user_role(const cJSON *user)
{
	const char *type = json_string(user, "type");

	if (!type)
		return ROLE_SYSTEM;
	if (!strcmp(type, "customer"))
		return ROLE_CUSTOMER;
	if (!strcmp(type, "agent"))
		return ROLE_AGENT;
	return !strcmp(type, "bot") ? ROLE_BOT : ROLE_SYSTEM;
}

/* The text an event shows: a message's text, a file's name, a system message's text. */
static const char *event_text(const cJSON *event)
{
	const char *text = json_string(event, "text");

	if (!text)
		text = json_string(event, "name");
	if (!text)
		text = json_string(event, "type");
	return text ? text : "";
}

static int read_event(struct reader *r, const struct json_fields *base, const cJSON *users,
		      const cJSON *event, long item)
{
	struct json_fields jf = *base;
	const char *type = json_string(event, "type");
	const char *author = json_string(event, "author_id");
	const char *visibility = json_string(event, "visibility");
	const char *text = event_text(event);
	const cJSON *user = author ? find_user(users, author) : NULL;
	enum role role = user ? user_role(user) : ROLE_SYSTEM;

	/* Customer or agent? Without its user there is no telling, and a guess would grade it. */
	if (author && !user)
		return reader_skip(r, base->raw.line, item, SKIP_UNKNOWN_ROLE,
				   "event author not among the chat's users")
			       ? -1
			       : 0;
	jf.raw.item = item;
	json_put_field(&jf, FIELD_TIME, json_get(event, "created_at"));
	json_put_text(&jf, FIELD_TEXT, text, strlen(text));
	/* An agent's id is the e-mail address, which reports mask down to the domain that
	 * every agent shares; the name tells agents apart. */
	if (role == ROLE_AGENT) {
		const char *name = json_string(user, "name");

		if (!name || !*name)
			name = author;
		json_put_text(&jf, FIELD_AGENT, name, strlen(name));
	}
	if (visibility && strcmp(visibility, "all")) {
		role = ROLE_NOTE;
	} else if (!type || (strcmp(type, "message") && strcmp(type, "file") &&
			     strcmp(type, "rich_message"))) {
		const char *kind = json_string(event, "system_message_type");

		jf.raw.handoff = kind && strstr(kind, "transfer");
		role = ROLE_SYSTEM;
	}
	return json_emit(r, &jf, role);
}

/* LiveChat rates a thread good (1) or bad (0): the 1-5 scale's ends. */
static void put_rating(struct json_fields *jf, const cJSON *thread)
{
	const cJSON *score = json_get(thread, "properties.rating.score.value");

	if (cJSON_IsNumber(score))
		json_put_text(jf, FIELD_CSAT, score->valuedouble > 0 ? "5" : "1", 1);
}

static int read_thread(struct reader *r, const cJSON *chat, const cJSON *thread, long line)
{
	const cJSON *users = cJSON_GetObjectItemCaseSensitive(chat, "users");
	const cJSON *events = cJSON_GetObjectItemCaseSensitive(thread, "events");
	const cJSON *user, *event;
	struct json_fields base = {.raw = {.line = line}};
	long item = 0;

	if (!cJSON_IsArray(events))
		return reader_skip(r, line, 0, SKIP_WRONG_TYPE, "thread without an events array");
	json_put_field(&base, FIELD_SESSION, json_get(thread, "id"));
	cJSON_ArrayForEach(user, users)
	{
		if (user_role(user) == ROLE_CUSTOMER) {
			json_put_field(&base, FIELD_CUSTOMER, json_get(user, "id"));
			break;
		}
	}
	put_rating(&base, thread);
	base.raw.has[FIELD_TIME] = base.raw.has[FIELD_AGENT] = base.raw.has[FIELD_TEXT] = true;
	cJSON_ArrayForEach(event, events)
	{
		if (read_event(r, &base, users, event, ++item))
			return -1;
	}
	return 0;
}

static int read_livechat(struct reader *r, const cJSON *chat, long line)
{
	const cJSON *threads = cJSON_GetObjectItemCaseSensitive(chat, "threads");
	const cJSON *thread = cJSON_GetObjectItemCaseSensitive(chat, "thread");

	/* list_archives gives one "thread"; get_chat and exports give "threads". */
	if (cJSON_IsObject(thread))
		return read_thread(r, chat, thread, line);
	if (!cJSON_IsArray(threads))
		return reader_skip(r, line, 0, SKIP_WRONG_TYPE, "chat without threads");
	cJSON_ArrayForEach(thread, threads)
	{
		if (read_thread(r, chat, thread, line))
			return -1;
	}
	return 0;
}

const struct preset_ops livechat_preset = {
	.name = "livechat",
	.format = FORMAT_JSON,
	.marks = {"\"users\"", "\"events\"", "\"author_id\"", "\"thread"},
	.read_value = read_livechat,
};
