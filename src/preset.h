/* Private to ingest: the presets, exports of platforms read as they are (docs/FORMATS.md),
 * each described by one struct preset_ops in its own file and one row of the table in
 * ingest_preset.c. */
#ifndef PRESET_H
#define PRESET_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "reader.h"

#define PRESET_MARKS 6

struct preset_ops {
	const char *name;         /* as --preset takes it */
	enum input_format format; /* FORMAT_CSV, or FORMAT_JSON for JSON and NDJSON alike */
	/* Keys (JSON, anywhere in the start of the input) or column names (CSV, in its header
	 * line) that together mark the preset, as written; the unused ones are NULL. None:
	 * never detected, only asked for. */
	const char *marks[PRESET_MARKS];
	/* JSON: a top-level object may list the messages themselves, not sessions. */
	bool lists_messages;
	/* JSON: one chat, conversation or message value. Returns 0, or -1 to stop. */
	int (*read_value)(struct reader *r, const cJSON *value, long line);
	/* CSV: the header row, then every other row, each with as many cells as the header.
	 * Return 0, or -1 to stop. */
	int (*read_header)(struct reader *r, const struct span *cells, size_t count, long line);
	int (*read_row)(struct reader *r, const struct span *cells, long line);
	/*
	 * Optional pre-pass, for a preset whose records depend on rows anywhere in the inputs:
	 * state_new makes the state that every input of the preset shares (r->preset_state);
	 * each of them is then read once with r->prepass set, handing on no record, and
	 * prepass_done settles what they gathered before the first real read. state_free
	 * accepts NULL.
	 */
	void *(*state_new)(void);
	void (*prepass_done)(void *state);
	void (*state_free)(void *state);
};

/* The descriptor of preset; NULL for PRESET_AUTO and PRESET_NONE. */
const struct preset_ops *preset_ops(enum preset preset);
/* True when preset reads inputs of format. */
bool preset_reads(const struct preset_ops *preset, enum input_format format);
/* The preset whose marks the start of an input shows, or PRESET_NONE. */
enum preset preset_detect(enum input_format format, const char *sample, size_t len);

#endif
