/* Field and role names. Names are compared normalised: ASCII case folded, and spaces,
 * '_', '-' and '.' ignored, so "Session ID", "session_id" and "SessionId" are one name. */
#include <stdlib.h>
#include <string.h>

#include "field_map.h"
#include "xalloc.h"

static const char *const field_names[FIELD_COUNT] = {
	"session", "time", "role", "text", "agent", "channel", "customer", "status", "csat",
};

/* docs/STANDARD.md §1, normalised; Traditional forms beside the Simplified ones. */
static const char *const aliases[FIELD_COUNT] = {
	[FIELD_SESSION] = "sessionid,session,conversationid,chatid,ticketid,threadid,dialogid,"
			  "dialogueid,会话id,会话编号,会话,会話id,會話id,會話編號,对话id,對話id,"
			  "对话编号,對話編號,咨询id,諮詢id",
	[FIELD_TIME] =
		"timestamp,time,createdat,sentat,datetime,messagetime,msgtime,ts,时间,"
		"发送时间,消息时间,時間,發送時間,訊息時間,消息時間,消息发送时间,訊息發送時間,"
		"创建时间,建立時間",
	[FIELD_ROLE] = "role,sendertype,speaker,from,sender,senderrole,authortype,speakerrole,"
		       "发送方,角色,发送者类型,發送方,發送者類型,身份,发送者,发送人,發送者,發送人,"
		       "发送者身份,發送者身份",
	[FIELD_TEXT] = "text,message,content,body,msg,messagetext,内容,消息内容,消息,內容,訊息內容,"
		       "訊息,消息內容,聊天内容,聊天內容,消息正文,訊息正文",
	[FIELD_AGENT] =
		"agentid,agent,operator,operatorid,staffid,staff,agentname,客服,客服工号,"
		"客服id,坐席,坐席工号,客服工號,坐席工號,客服帳號,客服账号,接待客服,客服名称,"
		"客服姓名,客服昵称,客服名稱,客服暱稱,坐席id",
	[FIELD_CHANNEL] = "channel,source,渠道,来源,來源,通路",
	[FIELD_CUSTOMER] =
		"customerid,visitorid,userid,customer,visitor,客户id,访客id,用户id,"
		"客戶id,訪客id,用戶id,客户,客戶,访客编号,客户编号,用户编号,訪客編號,客戶編號,"
		"用戶編號",
	[FIELD_STATUS] = "status,resolved,resolution,解决状态,是否解决,解決狀態,是否解決",
	[FIELD_CSAT] = "csat,rating,satisfaction,满意度,评分,滿意度,評分,满意度评价,滿意度評價,"
		       "评价,評價",
};

/* The role words of docs/STANDARD.md §1, normalised. */
static const char *const role_words[ROLE_COUNT] = {
	[ROLE_CUSTOMER] = "customer,visitor,user,client,guest,enduser,客户,访客,用户,顾客,客戶,"
			  "訪客,用戶,顧客,买家,買家",
	[ROLE_AGENT] = "agent,staff,operator,human,humanagent,admin,客服,坐席,人工,人工客服,"
		       "客服人员,客服人員",
	[ROLE_BOT] = "bot,robot,chatbot,virtualagent,机器人,智能客服,機器人,自动回复,自動回覆,"
		     "自動回復",
	[ROLE_SYSTEM] = "system,event,系统,系統,系统消息,系統訊息",
	[ROLE_NOTE] = "note,internal,internalnote,private,privatenote,whisper,备注,備註,内部备注,"
		      "內部備註",
};

static const char *const role_names[ROLE_COUNT] = {
	"customer", "agent", "bot", "system", "note",
};

const char *role_name(enum role role)
{
	return role_names[role];
}

const char *field_name(enum field field)
{
	return field_names[field];
}

const char *field_aliases(enum field field)
{
	static const char *const shown[FIELD_COUNT] = {
		[FIELD_SESSION] = "session_id, conversation_id, chat_id, ticket_id, 会话ID",
		[FIELD_TIME] = "timestamp, time, created_at, sent_at, 时间, 消息时间",
		[FIELD_ROLE] = "role, sender_type, speaker, from, 发送方, 角色",
		[FIELD_TEXT] = "text, message, content, body, msg, 内容, 消息内容",
		[FIELD_AGENT] = "agent_id, agent, operator, staff_id, 客服, 客服工号, 坐席",
		[FIELD_CHANNEL] = "channel, source, 渠道, 来源",
		[FIELD_CUSTOMER] = "customer_id, visitor_id, user_id, 客户ID, 访客ID",
		[FIELD_STATUS] = "status, resolved, 解决状态, 是否解决",
		[FIELD_CSAT] = "csat, rating, satisfaction, 满意度, 评分",
	};

	return shown[field];
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_separator(char c)
{
	return c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t';
}

/* Normalises s[0..len) into a new string. */
static char *normalise(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;

	for (size_t i = 0; i < len; i++)
		if (!is_separator(s[i]))
			*o++ = fold(s[i]);
	*o = '\0';
	return out;
}

/* Compares raw name s[0..len) with a normalised name n[0..nlen). */
static int matches(const char *s, size_t len, const char *n, size_t nlen)
{
	size_t j = 0;

	for (size_t i = 0; i < len; i++) {
		if (is_separator(s[i]))
			continue;
		if (j == nlen || fold(s[i]) != n[j])
			return 0;
		j++;
	}
	return j == nlen;
}

/* True if s matches one entry of a comma-separated list of normalised names. */
static int in_list(const char *s, size_t len, const char *list)
{
	while (*list) {
		const char *comma = strchr(list, ',');
		size_t n = comma ? (size_t)(comma - list) : strlen(list);

		if (matches(s, len, list, n))
			return 1;
		list += n + (comma != NULL);
	}
	return 0;
}

bool field_map_has(const struct field_map *map, enum field field)
{
	return map->column[field] || map->path[field].count ||
	       (field == FIELD_SESSION && map->session_is_key);
}

bool json_step_is(const char *step, const char *key)
{
	return matches(key, strlen(key), step, strlen(step));
}

enum field field_map_lookup(const struct field_map *map, const char *name, size_t len)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (map->column[f] && matches(name, len, map->column[f], strlen(map->column[f])))
			return (enum field)f;
	for (int f = 0; f < FIELD_COUNT; f++)
		if (in_list(name, len, aliases[f]))
			return field_map_has(map, (enum field)f) ? FIELD_COUNT : (enum field)f;
	return FIELD_COUNT;
}

bool field_map_role(const struct field_map *map, const char *value, size_t len, enum role *role)
{
	for (size_t i = 0; i < map->role_count; i++) {
		if (matches(value, len, map->roles[i].value, strlen(map->roles[i].value))) {
			*role = map->roles[i].role;
			return true;
		}
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (in_list(value, len, role_words[r])) {
			*role = (enum role)r;
			return true;
		}
	}
	return false;
}

static void trim_span(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* Calls fn(map, key, value) for each "key=value" of a comma-separated spec; spaces around
 * keys and values are ignored. */
static int parse_pairs(struct field_map *map, const char *spec, const char *option,
		       int (*fn)(struct field_map *, const char *, size_t, const char *, size_t,
				 struct qa_error *),
		       struct qa_error *err)
{
	const char *p = spec;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const char *eq = memchr(p, '=', n), *key = p, *value;
		size_t klen, vlen;

		if (!eq)
			return qa_fail(err, QA_EXIT_USAGE, "%s: expected NAME=VALUE, got '%.*s'",
				       option, (int)n, p);
		klen = (size_t)(eq - p);
		value = eq + 1;
		vlen = n - klen - 1;
		trim_span(&key, &klen);
		trim_span(&value, &vlen);
		if (!klen || !vlen)
			return qa_fail(err, QA_EXIT_USAGE, "%s: expected NAME=VALUE, got '%.*s'",
				       option, (int)n, p);
		if (fn(map, key, klen, value, vlen, err))
			return -1;
		p += n + (comma != NULL);
	}
	return 0;
}

static void path_release(struct json_path *p)
{
	for (size_t i = 0; i < p->count; i++)
		free(p->steps[i]);
	free(p->steps);
	*p = (struct json_path){NULL, 0};
}

/* Splits "a.b.0" into normalised steps. Returns -1 (usage) for an empty step. */
static int path_parse(struct json_path *p, const char *value, size_t vlen, struct qa_error *err)
{
	const char *step = value, *end = value + vlen;

	path_release(p);
	while (step <= end) {
		const char *dot = memchr(step, '.', (size_t)(end - step));
		size_t n = dot ? (size_t)(dot - step) : (size_t)(end - step);

		if (!n)
			return qa_fail(err, QA_EXIT_USAGE, "--map: empty step in path '%.*s'",
				       (int)vlen, value);
		p->steps = xreallocarray(p->steps, p->count + 1, sizeof(*p->steps));
		p->steps[p->count++] = normalise(step, n);
		step += n + 1;
	}
	return 0;
}

/* A JSON path rather than a plain name: it has a '.' or is an array index. */
static bool is_path(const char *value, size_t vlen)
{
	bool digits = true;

	for (size_t i = 0; i < vlen; i++) {
		if (value[i] == '.')
			return true;
		digits &= value[i] >= '0' && value[i] <= '9';
	}
	return digits;
}

static int add_column(struct field_map *map, const char *key, size_t klen, const char *value,
		      size_t vlen, struct qa_error *err)
{
	if (klen == 8 && !memcmp(key, "messages", 8))
		return path_parse(&map->messages, value, vlen, err);
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (strlen(field_names[f]) != klen || memcmp(field_names[f], key, klen))
			continue;
		free(map->column[f]);
		map->column[f] = NULL;
		path_release(&map->path[f]);
		if (vlen == 4 && !memcmp(value, "@key", 4)) {
			if (f != FIELD_SESSION)
				return qa_fail(
					err, QA_EXIT_USAGE,
					"--map: only the session can be @key (the key of each "
					"session in an object of sessions)");
			map->session_is_key = true;
			return 0;
		}
		/* Also a column name, so one --map serves a CSV export of the same data. */
		map->column[f] = normalise(value, vlen);
		return is_path(value, vlen) ? path_parse(&map->path[f], value, vlen, err) : 0;
	}
	return qa_fail(err, QA_EXIT_USAGE,
		       "--map: unknown field '%.*s' (fields: session, time, role, text, agent, "
		       "channel, customer, status, csat; and messages)",
		       (int)klen, key);
}

static int add_role(struct field_map *map, const char *key, size_t klen, const char *value,
		    size_t vlen, struct qa_error *err)
{
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (strlen(role_names[r]) == klen && !memcmp(role_names[r], key, klen)) {
			ALLOC_GROW(map->roles, map->role_count + 1, map->role_capacity);
			map->roles[map->role_count++] =
				(struct role_value){normalise(value, vlen), (enum role)r};
			return 0;
		}
	}
	return qa_fail(err, QA_EXIT_USAGE,
		       "--roles: unknown role '%.*s' (roles: customer, agent, bot, system, note)",
		       (int)klen, key);
}

int field_map_parse_map(struct field_map *map, const char *spec, struct qa_error *err)
{
	return parse_pairs(map, spec, "--map", add_column, err);
}

int field_map_parse_roles(struct field_map *map, const char *spec, struct qa_error *err)
{
	return parse_pairs(map, spec, "--roles", add_role, err);
}

void field_map_release(struct field_map *map)
{
	for (int f = 0; f < FIELD_COUNT; f++) {
		free(map->column[f]);
		map->column[f] = NULL;
		path_release(&map->path[f]);
	}
	path_release(&map->messages);
	map->session_is_key = false;
	for (size_t i = 0; i < map->role_count; i++)
		free(map->roles[i].value);
	free(map->roles);
	map->roles = NULL;
	map->role_count = map->role_capacity = 0;
}
