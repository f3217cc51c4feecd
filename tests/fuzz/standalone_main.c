/* Runs a fuzz target on files, without libFuzzer: how the regression inputs (and the seed
 * corpus) are replayed by the ordinary test suite, under any compiler and sanitizer. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *fp = fopen(argv[i], "rb");
		unsigned char *data = NULL;
		size_t size = 0, capacity = 0, n;

		if (!fp) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (size == capacity) {
				capacity = capacity ? capacity * 2 : 65536;
				data = realloc(data, capacity);
				if (!data)
					abort();
			}
			n = fread(data + size, 1, capacity - size, fp);
			size += n;
		} while (n);
		fclose(fp);
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	printf("%d inputs ran\n", argc - 1);
	return 0;
}
