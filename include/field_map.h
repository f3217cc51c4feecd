/* Which input column (or JSON key) holds which field, and which values name which role:
 * the aliases of STANDARD.md §1 plus the user's --map and --roles overrides. */
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

struct field_map {
	char *column[FIELD_COUNT]; /* --map overrides, normalised; NULL: use the aliases */
	struct role_value *roles;  /* --roles values, checked before the built-in words */
	size_t role_count, role_capacity;
};

#define FIELD_MAP_INIT {{NULL}, NULL, 0, 0}

/* Adds "field=column[,field=column...]". Returns 0, or -1 with err (usage) set. */
int field_map_parse_map(struct field_map *map, const char *spec, struct qa_error *err);
/* Adds "role=value[,role=value...]", e.g. "customer=0,agent=1,bot=3". */
int field_map_parse_roles(struct field_map *map, const char *spec, struct qa_error *err);
void field_map_release(struct field_map *map);

/* The field a column or key name stands for, or FIELD_COUNT if none. A name that is an
 * alias of a field the user mapped elsewhere with --map stands for nothing. */
enum field field_map_lookup(const struct field_map *map, const char *name, size_t len);

/* Reads a role value; false if it names no role. */
bool field_map_role(const struct field_map *map, const char *value, size_t len, enum role *role);

/* The canonical English name of a field ("session", "time", ...). */
const char *field_name(enum field field);
/* Some aliases of a field, for error messages. */
const char *field_aliases(enum field field);

#endif
