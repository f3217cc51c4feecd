/* Test helper: parses CSV files with libcsv and prints every cell, one row per line,
 * cells separated by " | ", newlines shown as \n and a leading BOM as <BOM>, so a golden
 * test can see that what qaudit wrote reads back as the cells it meant. */
#include <csv.h>
#include <stdio.h>
#include <string.h>

struct state {
	size_t cells;
	unsigned long rows;
};

static void on_cell(void *data, size_t len, void *ctx)
{
	struct state *st = ctx;
	const char *s = data ? data : "";

	if (st->cells++)
		fputs(" | ", stdout);
	if (st->rows == 0 && st->cells == 1 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		fputs("<BOM>", stdout);
		s += 3;
		len -= 3;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			fputs("\\n", stdout);
		else if (s[i] == '\r')
			fputs("\\r", stdout);
		else
			putchar(s[i]);
	}
}

static void on_row(int c, void *ctx)
{
	struct state *st = ctx;

	(void)c;
	printf("   [%zu]\n", st->cells);
	st->cells = 0;
	st->rows++;
}

int main(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		struct csv_parser p;
		struct state st = {0, 0};
		char chunk[65536];
		size_t n;
		FILE *fp = fopen(argv[i], "rb");

		if (!fp) {
			perror(argv[i]);
			status = 1;
			continue;
		}
		printf("== %s\n", strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i]);
		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			if (csv_parse(&p, chunk, n, on_cell, on_row, &st) != n) {
				printf("PARSE ERROR: %s\n", csv_strerror(csv_error(&p)));
				status = 1;
				break;
			}
		if (csv_fini(&p, on_cell, on_row, &st)) {
			printf("PARSE ERROR at end: %s\n", csv_strerror(csv_error(&p)));
			status = 1;
		}
		csv_free(&p);
		fclose(fp);
	}
	return status;
}
