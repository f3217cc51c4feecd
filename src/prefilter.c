/* Hyperscan's form of a phrase-list pattern: a superset of what it matches that Hyperscan
 * scans cheaply (see prefilter.h). */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "prefilter.h"

/* The end of the class at p ('['), or NULL. */
static const char *class_end(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	for (; *p && *p != ']'; p++) {
		if (*p == '\\' && (p[1] == 'Q' || p[1] == 'E')) {
			return NULL; /* quoting could hide the ']' */
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[' && p[1] == ':') {
			const char *posix = strstr(p + 2, ":]");

			if (posix)
				p = posix + 1;
		}
	}
	return *p ? p + 1 : NULL;
}

/* The end of the escape at p ('\\'), or NULL for one that refers to a group, takes
 * digits (a tail cut after "\x4" would change meaning) or is otherwise unknown here. */
static const char *escape_end(const char *p)
{
	unsigned char c = (unsigned char)p[1];

	if ((c == 'x' || c == 'p' || c == 'P') && p[2] == '{') {
		const char *close = strchr(p + 3, '}');

		return close ? close + 1 : NULL;
	}
	if ((c == 'p' || c == 'P') && p[2])
		return p + 3;
	if (c >= 0x80) {
		p += 2;
		while (((unsigned char)*p & 0xC0) == 0x80)
			p++;
		return p;
	}
	/* A letter or digit of its own; or any other ASCII character, escaped as itself. */
	if (c && (strchr("bBdDsSwWhHvVnrtfeaAzZ", c) || (!isalnum(c) && c != '_')))
		return p + 2;
	return NULL;
}

/* Groups whose meaning does not depend on anything outside them. */
static bool plain_group(const char *p)
{
	if (p[1] != '?')
		return p[1] != '*';
	p += 2;
	if (strchr(":=!>", *p) || !strncmp(p, "<=", 2) || !strncmp(p, "<!", 2))
		return true;
	if (*p == '<' || *p == '\'' || !strncmp(p, "P<", 2))
		return true; /* a named group; references to it are refused in escape_end */
	while (*p == 'i' || *p == 'm' || *p == 's' || *p == '-')
		p++;
	return *p == ':';
}

/* The end of the group at p ('('), or NULL. */
static const char *group_end(const char *p)
{
	int depth = 0;

	do {
		if (*p == '(') {
			if (!plain_group(p))
				return NULL;
			depth++;
			p++;
		} else if (*p == ')') {
			depth--;
			p++;
		} else if (*p == '[') {
			p = class_end(p);
		} else if (*p == '\\') {
			p = escape_end(p);
		} else {
			p++;
		}
		if (!p || (depth && !*p))
			return NULL;
	} while (depth);
	return p;
}

/* The end of the quantifier at p, if any; *many says whether it repeats more than once. */
static const char *quantifier_end(const char *p, bool *many)
{
	*many = false;
	if (*p == '?') {
		p++;
	} else if (*p == '*' || *p == '+') {
		*many = true;
		p++;
	} else if (*p == '{') {
		char *end;
		unsigned long high;

		if (p[1] == ',')
			return NULL; /* {,n}: a quantifier only in newer PCRE2 */
		if (p[1] < '0' || p[1] > '9')
			return p; /* a literal '{' */
		high = strtoul(p + 1, &end, 10);
		if (end[0] == ',' && end[1] == '}') {
			high = ULONG_MAX;
			end++;
		} else if (end[0] == ',' && end[1] >= '0' && end[1] <= '9')
			high = strtoul(end + 1, &end, 10);
		if (*end != '}')
			return p;
		*many = high > 1;
		p = end + 1;
	} else {
		return p;
	}
	if (*p == '?' || *p == '+')
		p++;
	return p;
}

void prefilter_form(const char *re, struct buf *out)
{
	const char *p = re, *start = re, *cut = re;
	size_t len = out->len;

	for (;;) {
		const char *end;
		bool gap, many;

		if (!*p || *p == '|') {
			/* An alternative that ends in a gap has no tail: it stays whole. */
			if (cut > start && p > cut)
				start = cut;
			buf_add(out, start, (size_t)(p - start));
			if (!*p)
				return;
			buf_addch(out, '|');
			start = cut = ++p;
			continue;
		}
		gap = *p == '.' || (p[0] == '[' && p[1] == '^');
		if (*p == '[') {
			end = class_end(p);
		} else if (*p == '\\') {
			end = escape_end(p);
		} else if (*p == '(') {
			end = group_end(p);
		} else if (*p == ')') {
			end = NULL;
		} else {
			/* A character, so that a quantifier after it is seen as its own. */
			end = p + 1;
			while (((unsigned char)*end & 0xC0) == 0x80)
				end++;
		}
		if (end)
			end = quantifier_end(end, &many);
		if (!end)
			break;
		if (gap && many)
			cut = end;
		p = end;
	}
	out->len = len;
	buf_addstr(out, re);
}
