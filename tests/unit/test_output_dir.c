/* The report directory: the switch, the previous set kept, and what a failed, interrupted or
 * out-of-memory run removes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.h"
#include "output_dir.h"
#include "xalloc.h"

#define DIR_TEMPLATE "/tmp/qaudit-test-output-XXXXXX"

static const char *const names[] = {"a.csv", "b.json"};

static void remove_tree(const char *dir)
{
	char command[128];

	snprintf(command, sizeof(command), "rm -r '%s'", dir);
	assert_int_equal(system(command), 0);
}

static bool exists(const char *dir, const char *name)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

static int count_entries(const char *dir)
{
	char command[256];
	FILE *p;
	int n = -1;

	snprintf(command, sizeof(command), "ls -A '%s' | wc -l", dir);
	p = popen(command, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

/* One run writing text into each of the files set[0..count); returns what output_dir_commit
 * returned. */
static int run_set(const char *dir, const char *const *set, size_t count, const char *text,
		   bool commit)
{
	struct output_dir o;
	struct qa_error err = {0};
	int rc = output_dir_open(&o, dir, set, count, true, true, &err);

	for (size_t i = 0; i < count && !rc; i++) {
		FILE *fp = output_dir_create(&o, set[i], &err);

		assert_non_null(fp);
		fputs(text, fp);
		rc = output_dir_finish(&o, fp, set[i], &err);
	}
	if (!rc && commit)
		rc = output_dir_commit(&o, &err);
	output_dir_close(&o);
	return rc;
}

static int run(const char *dir, const char *text, bool commit)
{
	return run_set(dir, names, 2, text, commit);
}

static void assert_file(const char *dir, const char *name, const char *text)
{
	char path[256], got[64] = "";
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(got, sizeof(got), fp));
	fclose(fp);
	assert_string_equal(got, text);
}

static void test_commit_switches_the_set_and_keeps_the_previous(void **state)
{
	char dir[] = DIR_TEMPLATE, runs[64], link[128];
	ssize_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(run(dir, "one", true), 0);
	assert_file(dir, "a.csv", "one");
	n = readlink(strcat(strcpy(link, dir), "/a.csv"), link, sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, "current/a.csv");
	assert_int_equal(run(dir, "two", true), 0);
	assert_int_equal(run(dir, "three", true), 0);
	assert_file(dir, "a.csv", "three");
	assert_file(dir, "b.json", "three");
	assert_file(dir, ".qaudit-runs/previous/a.csv", "two");
	snprintf(runs, sizeof(runs), "%s/.qaudit-runs", dir);
	assert_int_equal(count_entries(runs), 3); /* current, previous and the link */
	/* A run that writes but does not switch leaves nothing and changes nothing. */
	assert_int_equal(run(dir, "four", false), 0);
	assert_file(dir, "a.csv", "three");
	assert_int_equal(count_entries(runs), 3);
	remove_tree(dir);
}

/* qaudit split writes a file per part: any number of them, and a later run into fewer
 * parts leaves no link to a part it did not write. */
static void test_a_smaller_set_leaves_no_link_to_nothing(void **state)
{
	char dir[] = DIR_TEMPLATE, path[128], many[20][16];
	const char *set[20];
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (int i = 0; i < 20; i++) {
		snprintf(many[i], sizeof(many[i]), "part-%03d", i);
		set[i] = many[i];
	}
	assert_int_equal(run_set(dir, set, 20, "twenty", true), 0);
	assert_file(dir, "part-019", "twenty");
	/* What the user put there stays: a file, and a link that is no link of a set. */
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	assert_non_null(fp = fopen(path, "w"));
	fclose(fp);
	snprintf(path, sizeof(path), "%s/mine", dir);
	assert_int_equal(symlink("current/part-019", path), 0);
	assert_int_equal(run_set(dir, set, 3, "three", true), 0);
	assert_file(dir, "part-000", "three");
	assert_file(dir, "part-002", "three");
	assert_false(exists(dir, "part-003"));
	assert_false(exists(dir, "part-019"));
	assert_true(exists(dir, "notes.txt"));
	assert_true(exists(dir, "mine"));
	/* current, .qaudit-runs, .qaudit.lock, three parts, notes.txt and mine */
	assert_int_equal(count_entries(dir), 8);
	remove_tree(dir);
}

static void test_failed_run_removes_the_directories_it_made(void **state)
{
	char dir[] = DIR_TEMPLATE, below[96];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(below, sizeof(below), "%s/x/y", dir);
	assert_int_equal(run(below, "never", false), 0);
	assert_int_equal(count_entries(dir), 0);
	remove_tree(dir);
}

static void test_directory_in_the_way_is_named(void **state)
{
	char dir[] = DIR_TEMPLATE, path[96];
	struct output_dir o;
	struct qa_error err = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/b.json", dir);
	assert_int_equal(mkdir(path, 0777), 0);
	assert_int_equal(output_dir_open(&o, dir, names, 2, true, true, &err), -1);
	output_dir_close(&o);
	assert_int_equal(err.status, QA_EXIT_OUTPUT);
	assert_non_null(strstr(err.message, "b.json: a directory is in the way"));
	assert_int_equal(count_entries(dir), 1);
	remove_tree(dir);
}

/* A child that opens a new directory below dir for the files set[0..count), writes them
 * (the last one half), then dies by how(). */
static int die_writing_set(const char *dir, const char *const *set, size_t count, void (*how)(void))
{
	char below[96];
	pid_t pid;
	int status;

	snprintf(below, sizeof(below), "%s/new", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct output_dir o;
		struct qa_error err = {0};
		FILE *fp;

		atomic_file_clean_up_on_signals();
		if (output_dir_open(&o, below, set, count, true, true, &err))
			_exit(99);
		for (size_t i = 0; i < count; i++) {
			if (!(fp = output_dir_create(&o, set[i], &err)))
				_exit(99);
			fputs("half", fp);
			fflush(fp);
		}
		freopen("/dev/null", "w", stderr);
		how();
		_exit(98);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static int die_while_writing(const char *dir, void (*how)(void))
{
	return die_writing_set(dir, names, 1, how);
}

static void run_out_of_memory(void)
{
	/* Too big for any allocator: xalloc's overflow check, without asking malloc. */
	xreallocarray(NULL, SIZE_MAX / 2, 4);
}

static void get_terminated(void)
{
	raise(SIGTERM);
}

static void test_out_of_memory_removes_the_run_and_exits_4(void **state)
{
	char dir[] = DIR_TEMPLATE;
	int status;

	(void)state;
	assert_non_null(mkdtemp(dir));
	status = die_while_writing(dir, run_out_of_memory);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 4);
	assert_false(exists(dir, "new"));
	remove_tree(dir);
}

static void test_signal_removes_the_run_and_kills(void **state)
{
	char dir[] = DIR_TEMPLATE;
	int status;

	(void)state;
	assert_non_null(mkdtemp(dir));
	status = die_while_writing(dir, get_terminated);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_false(exists(dir, "new"));
	remove_tree(dir);
}

/* A split writes a file per part: an interrupt removes them all, however many. */
static void test_signal_removes_a_run_of_many_files(void **state)
{
	char dir[] = DIR_TEMPLATE, many[100][16];
	const char *set[100];
	int status;

	(void)state;
	for (int i = 0; i < 100; i++) {
		snprintf(many[i], sizeof(many[i]), "part-%03d", i);
		set[i] = many[i];
	}
	assert_non_null(mkdtemp(dir));
	status = die_writing_set(dir, set, 100, get_terminated);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_false(exists(dir, "new"));
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_switches_the_set_and_keeps_the_previous),
		cmocka_unit_test(test_a_smaller_set_leaves_no_link_to_nothing),
		cmocka_unit_test(test_failed_run_removes_the_directories_it_made),
		cmocka_unit_test(test_directory_in_the_way_is_named),
		cmocka_unit_test(test_out_of_memory_removes_the_run_and_exits_4),
		cmocka_unit_test(test_signal_removes_the_run_and_kills),
		cmocka_unit_test(test_signal_removes_a_run_of_many_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
