/* Presets: the table of them, their names, and telling them from the start of an input. A
 * preset is detected only from keys (or columns) that no other export puts together, so a
 * generic export is never taken for one. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "preset.h"

/* Each defined in its preset's file. */
extern const struct preset_ops zendesk_chat_preset;
extern const struct preset_ops intercom_preset;
extern const struct preset_ops livechat_preset;
extern const struct preset_ops freshchat_preset;
extern const struct preset_ops twcs_preset;

static const struct preset_ops automatic = {.name = "auto"}, none = {.name = "none"};

/* Detection tries the presets in the order of enum preset. */
static const struct preset_ops *const presets[PRESET_COUNT] = {
	[PRESET_AUTO] = &automatic,
	[PRESET_NONE] = &none,
	[PRESET_ZENDESK_CHAT] = &zendesk_chat_preset,
	[PRESET_INTERCOM] = &intercom_preset,
	[PRESET_LIVECHAT] = &livechat_preset,
	[PRESET_FRESHCHAT] = &freshchat_preset,
	[PRESET_TWCS] = &twcs_preset,
};

const struct preset_ops *preset_ops(enum preset preset)
{
	return preset > PRESET_NONE && preset < PRESET_COUNT ? presets[preset] : NULL;
}

const char *preset_name(enum preset preset)
{
	return presets[preset]->name;
}

int preset_parse(const char *name, enum preset *preset)
{
	for (int p = 0; p < PRESET_COUNT; p++) {
		if (!strcmp(name, presets[p]->name)) {
			*preset = (enum preset)p;
			return 0;
		}
	}
	return -1;
}

bool preset_reads(const struct preset_ops *preset, enum input_format format)
{
	return (preset->format == FORMAT_CSV) == (format == FORMAT_CSV);
}

/* True when every mark of preset is in sample. */
static bool has_marks(const struct preset_ops *preset, const char *sample, size_t len)
{
	for (int k = 0; k < PRESET_MARKS && preset->marks[k]; k++)
		if (!memmem(sample, len, preset->marks[k], strlen(preset->marks[k])))
			return false;
	return true;
}

enum preset preset_detect(enum input_format format, const char *sample, size_t len)
{
	if (format == FORMAT_CSV) { /* a CSV preset is known by its header line alone */
		const char *nl = memchr(sample, '\n', len);

		len = nl ? (size_t)(nl - sample) : len;
	}
	for (int p = PRESET_NONE + 1; p < PRESET_COUNT; p++) {
		const struct preset_ops *preset = presets[p];

		if (preset_reads(preset, format) && preset->marks[0] &&
		    has_marks(preset, sample, len))
			return (enum preset)p;
	}
	return PRESET_NONE;
}
