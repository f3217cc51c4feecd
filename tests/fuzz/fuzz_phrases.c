/* Fuzz target: a phrase list file as a QA lead might write it, loaded, joined into a set
 * with a real list, and scanned over the input's own text and a fixed sentence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "phrase_list.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/qaudit-fuzz-phrases-XXXXXX";
	static char path[sizeof(dir) + 16];
	static const char *const names[] = {"fuzzed", "greeting"};
	static const char sentence[] = "您好，请问有什么可以帮您？不行的话我们可以换货 hello 123";
	struct phrase_lists lists = PHRASE_LISTS_INIT;
	struct phrase_set *set = NULL;
	struct phrase_hits hits = PHRASE_HITS_INIT;
	struct qa_error err = {0};
	FILE *fp;

	if (!path[0]) {
		/* Every input is a new list: caching its compiled form would only fill a disk. */
		setenv("QAUDIT_CACHE_DIR", "", 1);
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/fuzzed.txt", dir);
		fp = fopen(path, "w");
		fclose(fp);
		snprintf(path, sizeof(path), "%s/greeting.txt", dir);
		fp = fopen(path, "w");
		fputs("您好\nre:请问有什么可以帮[您你]\nhello\n", fp);
		fclose(fp);
		snprintf(path, sizeof(path), "%s/fuzzed.txt", dir);
	}
	fp = fopen(path, "w");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	if (phrase_lists_load(&lists, dir, &err) == 0 &&
	    phrase_set_new(&set, &lists, names, 2, &err) == 0) {
		phrase_set_scan(set, sentence, sizeof(sentence) - 1, &hits);
		if (utf8_is_valid((const char *)data, size))
			phrase_set_scan(set, (const char *)data, size, &hits);
	}
	phrase_hits_release(&hits);
	phrase_set_free(set);
	phrase_lists_release(&lists);
	return 0;
}
