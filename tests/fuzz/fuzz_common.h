/* Shared by the fuzz targets: the phrase lists of the source tree, loaded once, and a
 * memory file that ingest can open by name. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

struct phrase_lists;

const struct phrase_lists *fuzz_phrase_lists(void);
/* Writes data to a memory file and returns its path (/proc/self/fd/N), the same each time. */
const char *fuzz_memory_file(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
