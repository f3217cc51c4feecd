/* Which input column (or JSON key) holds which field, and which values name which role:
 * the aliases of docs/STANDARD.md §1 plus the user's --map and --roles overrides. */
#ifndef FIELD_MAP_H
#define FIELD_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "qa_error.h"
#include "record.h"

struct role_value {
	char *value; /* normalised */
	enum role role;
};

/* A --map value that reaches into JSON, "author.id" or "0": one step per key (normalised)
 * or array index (digits). */
struct json_path {
	char **steps;
	size_t count; /* 0: none */
};

struct field_map {
	char *column[FIELD_COUNT]; /* --map overrides, normalised; NULL: use the aliases */
	/* --map values with a '.' or an index: where the field is inside a JSON message (or,
	 * failing that, its session). */
	struct json_path path[FIELD_COUNT];
	struct json_path messages; /* --map messages=PATH: the array of a session's messages */
	bool session_is_key;       /* --map session=@key: sessions keyed by their id */
	struct role_value *roles;  /* --roles values, checked before the built-in words */
	size_t role_count, role_capacity;
};

#define FIELD_MAP_INIT                                                                             \
	{                                                                                          \
		{NULL}, {{NULL, 0}}, {NULL, 0}, false, NULL, 0, 0                                  \
	}

/* Adds "field=name[,field=name...]"; field is one of the fields or "messages", name a
 * column or key, a JSON path ("author.id", "0") or, for the session, "@key". Returns 0, or
 * -1 with err (usage) set. */
int field_map_parse_map(struct field_map *map, const char *spec, struct qa_error *err);
/* Adds "role=value[,role=value...]", e.g. "customer=0,agent=1,bot=3". */
int field_map_parse_roles(struct field_map *map, const char *spec, struct qa_error *err);
void field_map_release(struct field_map *map);

/* The field a column or key name stands for, or FIELD_COUNT if none. A name that is an
 * alias of a field the user mapped elsewhere with --map stands for nothing. */
enum field field_map_lookup(const struct field_map *map, const char *name, size_t len);

/* True when --map named field, by column, key or path. */
bool field_map_has(const struct field_map *map, enum field field);
/* True when a step of a json_path names this key (compared normalised). */
bool json_step_is(const char *step, const char *key);

/* Reads a role value; false if it names no role. */
bool field_map_role(const struct field_map *map, const char *value, size_t len, enum role *role);

/* The canonical English name of a field ("session", "time", ...). */
const char *field_name(enum field field);
/* Some aliases of a field, for error messages. */
const char *field_aliases(enum field field);

#endif
