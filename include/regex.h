/* PCRE2 for every pattern qaudit uses: compiled in UTF mode and JIT-compiled, except when
 * QAUDIT_NO_JIT is set in the environment (for valgrind, which cannot follow JIT code). */
#ifndef REGEX_H
#define REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>

/* Compiles pattern (UTF, plus options) without JIT; NULL with PCRE2's error code and offset. */
pcre2_code *regex_compile(const char *pattern, size_t len, uint32_t options, int *code,
			  PCRE2_SIZE *offset);
/* JIT-compiles re unless QAUDIT_NO_JIT is set; re keeps working either way. */
void regex_jit(pcre2_code *re);

#endif
