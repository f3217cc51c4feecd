/* Helpers of the fuzz targets. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "phrase_list.h"

const struct phrase_lists *fuzz_phrase_lists(void)
{
	static struct phrase_lists lists = PHRASE_LISTS_INIT;
	static int loaded;
	struct qa_error err = {0};

	if (!loaded) {
		if (phrase_lists_load(&lists, QAUDIT_SOURCE_DIR "/phrase_lists", &err)) {
			fprintf(stderr, "%s\n", err.message);
			abort();
		}
		loaded = 1;
	}
	return &lists;
}

const char *fuzz_memory_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];

	if (fd < 0) {
		fd = memfd_create("qaudit-fuzz", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	return path;
}
