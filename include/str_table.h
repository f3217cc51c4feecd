/* Interned strings: each distinct byte string gets a small, stable id.
 * Session, agent, customer and channel names are held once, however many messages repeat them. */
#ifndef STR_TABLE_H
#define STR_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define STR_NONE UINT32_MAX

struct str_table;

struct str_table *str_table_new(void);
void str_table_free(struct str_table *t); /* accepts NULL */

/* Makes room for count strings in all, so that adding up to that many moves nothing. */
void str_table_reserve(struct str_table *t, size_t count);
/* Returns the id of s[0..len), adding a copy if it is new. Ids count up from 0. */
uint32_t str_table_intern(struct str_table *t, const char *s, size_t len);
/* Returns the id of s[0..len), or STR_NONE. */
uint32_t str_table_find(const struct str_table *t, const char *s, size_t len);

/* The string of an id: NUL-terminated, owned by the table, valid until str_table_free. */
const char *str_table_get(const struct str_table *t, uint32_t id);
size_t str_table_length(const struct str_table *t, uint32_t id);
uint32_t str_table_count(const struct str_table *t);

#endif
