/* Presets: their names, and telling them from the start of an input. A preset is detected
 * only from keys (or columns) that no other export puts together, so a generic export is
 * never taken for one. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "ingest_formats.h"

static const char *const names[PRESET_COUNT] = {
	"auto", "none", "zendesk-chat", "intercom", "livechat", "freshchat", "twcs",
};

const char *preset_name(enum preset preset)
{
	return names[preset];
}

int preset_parse(const char *name, enum preset *preset)
{
	for (int p = 0; p < PRESET_COUNT; p++) {
		if (!strcmp(name, names[p])) {
			*preset = (enum preset)p;
			return 0;
		}
	}
	return -1;
}

static bool has(const char *sample, size_t len, const char *key)
{
	return memmem(sample, len, key, strlen(key)) != NULL;
}

/* Keys that together mark each JSON preset; every one must be in the sample. */
static const char *const json_marks[PRESET_COUNT][4] = {
	[PRESET_ZENDESK_CHAT] = {"\"history\"", "\"chat.msg\""},
	[PRESET_INTERCOM] = {"\"conversation_parts\"", "\"part_type\""},
	[PRESET_LIVECHAT] = {"\"users\"", "\"events\"", "\"author_id\"", "\"thread"},
	[PRESET_FRESHCHAT] = {"\"message_parts\"", "\"actor_type\""},
};

/* The columns of the "Customer Support on Twitter" dataset. */
static const char *const twcs_columns[] = {
	"tweet_id", "author_id", "inbound", "created_at", "in_response_to_tweet_id",
};

enum preset preset_detect(enum input_format format, const char *sample, size_t len)
{
	if (format == FORMAT_CSV) {
		const char *nl = memchr(sample, '\n', len);
		size_t header = nl ? (size_t)(nl - sample) : len;

		for (size_t i = 0; i < sizeof(twcs_columns) / sizeof(*twcs_columns); i++)
			if (!has(sample, header, twcs_columns[i]))
				return PRESET_NONE;
		return PRESET_TWCS;
	}
	for (int p = 0; p < PRESET_COUNT; p++) {
		bool all = json_marks[p][0] != NULL;

		for (int k = 0; all && k < 4 && json_marks[p][k]; k++)
			all = has(sample, len, json_marks[p][k]);
		if (all)
			return (enum preset)p;
	}
	return PRESET_NONE;
}
