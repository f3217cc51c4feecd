/* Compiling patterns. */
#include <stdlib.h>

#include "regex.h"

pcre2_code *regex_compile(const char *pattern, size_t len, uint32_t options, int *code,
			  PCRE2_SIZE *offset)
{
	return pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF | options, code, offset, NULL);
}

void regex_jit(pcre2_code *re)
{
	if (re && !getenv("QAUDIT_NO_JIT"))
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}
