/* Reading a whole descriptor into a buf: all of it, once sized, within a limit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"

#define SIZE 200000 /* over three default reads */

/* What each test reads: a temporary file of SIZE bytes (i % 251), open at its start, and the
 * bytes it holds. */
struct fixture {
	char bytes[SIZE];
	int fd;
	struct buf b;
};

static int open_file(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	FILE *fp = tmpfile();

	if (!f || !fp)
		return -1;
	for (size_t i = 0; i < SIZE; i++)
		f->bytes[i] = (char)(i % 251);
	if (fwrite(f->bytes, 1, SIZE, fp) != SIZE || fflush(fp))
		return -1;
	f->fd = dup(fileno(fp));
	fclose(fp);
	if (f->fd < 0 || lseek(f->fd, 0, SEEK_SET) != 0)
		return -1;
	*state = f;
	return 0;
}

static int close_file(void **state)
{
	struct fixture *f = *state;

	close(f->fd);
	buf_release(&f->b);
	free(f);
	return 0;
}

static void test_the_expected_size_is_read_into_room_made_once(void **state)
{
	struct fixture *f = *state;

	buf_addstr(&f->b, "#"); /* what is read is appended */
	assert_int_equal(buf_read_fd(&f->b, f->fd, SIZE, SIZE_MAX), 0);
	assert_int_equal(f->b.len, SIZE + 1);
	assert_int_equal(f->b.data[0], '#');
	assert_memory_equal(f->b.data + 1, f->bytes, SIZE);
	assert_int_equal(f->b.data[f->b.len], '\0');
	/* One allocation: the data, the byte the read that finds the end asks for, the NUL. */
	assert_int_equal(f->b.capacity, f->b.len + 2);
}

static void test_an_unknown_size_is_read_whole(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(buf_read_fd(&f->b, f->fd, 0, SIZE_MAX), 0);
	assert_int_equal(f->b.len, SIZE);
	assert_memory_equal(f->b.data, f->bytes, SIZE);
}

static void test_past_the_limit_fails_with_efbig(void **state)
{
	struct fixture *f = *state;

	errno = 0;
	assert_int_equal(buf_read_fd(&f->b, f->fd, 0, SIZE - 1), -1);
	assert_int_equal(errno, EFBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_expected_size_is_read_into_room_made_once,
						open_file, close_file),
		cmocka_unit_test_setup_teardown(test_an_unknown_size_is_read_whole, open_file,
						close_file),
		cmocka_unit_test_setup_teardown(test_past_the_limit_fails_with_efbig, open_file,
						close_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
