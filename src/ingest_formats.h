/* Private to ingest: the CSV and JSON parsers, and what the presets share with them. */
#ifndef INGEST_FORMATS_H
#define INGEST_FORMATS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "reader.h"

/* A record built from JSON values: spans borrow the values' strings; numbers are written
 * out into numbers[]. */
struct json_fields {
	struct raw_record raw;
	char numbers[FIELD_COUNT][32];
	bool session_from_id;
};

enum put_result {
	PUT_OK = 0,
	PUT_WRONG_TYPE, /* an array or object */
	PUT_INEXACT,    /* a number too large to have been read exactly */
};
/* Stores a scalar JSON value (text, number, boolean; null clears) as field f. */
enum put_result json_put_field(struct json_fields *jf, enum field f, const cJSON *v);
/* Stores fixed text (a role word, a joined text kept alive by the caller) as field f. */
void json_put_text(struct json_fields *jf, enum field f, const char *text, size_t len);
/* The value at a dotted path of exact key names and array indexes ("author.id",
 * "message_parts.0.text.content"), or NULL. */
const cJSON *json_get(const cJSON *v, const char *path);
/* The text at path, or NULL when it is missing or not text. */
const char *json_string(const cJSON *v, const char *path);
/* Emits jf's record, first storing role; returns 0, or -1 to stop. */
int json_emit(struct reader *r, struct json_fields *jf, enum role role);

int ingest_csv(struct reader *r);
/* The length of Excel's first line "sep=;" (any punctuation or a tab, then the line end) at
 * p, setting *delimiter; 0 when p does not start with one. */
size_t csv_sep_line(const char *p, size_t len, char *delimiter);
int ingest_json(struct reader *r, bool ndjson);

/* True when the window starts with one JSON value that ends on its first line. */
bool json_first_value_on_one_line(const char *data, size_t len);

#endif
