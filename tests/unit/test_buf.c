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

/* A temporary file of SIZE bytes (i % 251), opened for reading at its start. */
static int file_of_size(char *bytes)
{
	FILE *fp = tmpfile();
	int fd;

	assert_non_null(fp);
	for (size_t i = 0; i < SIZE; i++)
		bytes[i] = (char)(i % 251);
	assert_int_equal(fwrite(bytes, 1, SIZE, fp), SIZE);
	assert_int_equal(fflush(fp), 0);
	fd = dup(fileno(fp));
	fclose(fp);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static void test_the_expected_size_is_read_into_room_made_once(void **state)
{
	char *bytes = malloc(SIZE);
	struct buf b = BUF_INIT;
	int fd = file_of_size(bytes);

	(void)state;
	buf_addstr(&b, "#"); /* what is read is appended */
	assert_int_equal(buf_read_fd(&b, fd, SIZE, SIZE_MAX), 0);
	assert_int_equal(b.len, SIZE + 1);
	assert_int_equal(b.data[0], '#');
	assert_memory_equal(b.data + 1, bytes, SIZE);
	assert_int_equal(b.data[b.len], '\0');
	/* One allocation: the data, the byte the read that finds the end asks for, the NUL. */
	assert_int_equal(b.capacity, b.len + 2);
	close(fd);
	buf_release(&b);
	free(bytes);
}

static void test_an_unknown_size_is_read_whole(void **state)
{
	char *bytes = malloc(SIZE);
	struct buf b = BUF_INIT;
	int fd = file_of_size(bytes);

	(void)state;
	assert_int_equal(buf_read_fd(&b, fd, 0, SIZE_MAX), 0);
	assert_int_equal(b.len, SIZE);
	assert_memory_equal(b.data, bytes, SIZE);
	close(fd);
	buf_release(&b);
	free(bytes);
}

static void test_past_the_limit_fails_with_efbig(void **state)
{
	char *bytes = malloc(SIZE);
	struct buf b = BUF_INIT;
	int fd = file_of_size(bytes);

	(void)state;
	errno = 0;
	assert_int_equal(buf_read_fd(&b, fd, 0, SIZE - 1), -1);
	assert_int_equal(errno, EFBIG);
	close(fd);
	buf_release(&b);
	free(bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_expected_size_is_read_into_room_made_once),
		cmocka_unit_test(test_an_unknown_size_is_read_whole),
		cmocka_unit_test(test_past_the_limit_fails_with_efbig),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
