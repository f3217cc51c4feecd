/* Atomic output files, and their removal when the run is interrupted. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "buf.h"
#include "xalloc.h"

/* Paths to remove if the run dies: temporary files not yet renamed, a report directory
 * being written and the directories made for it. Written only outside the handler, a slot
 * before the count covers it; removed newest first, so files go before their directory.
 * The list is the static one until atomic_file_reserve moves it, signals held back. */
#define FIRST_PENDING 32
struct pending {
	const char *volatile path;
	volatile sig_atomic_t is_dir;
};
static struct pending first_pending[FIRST_PENDING];
static struct pending *volatile pending = first_pending;
static volatile sig_atomic_t pending_count;
static size_t pending_capacity = FIRST_PENDING;

void atomic_file_reserve(size_t count)
{
	struct pending *grown, *before = pending;
	sigset_t signals;

	if ((size_t)pending_count + count <= pending_capacity)
		return;
	grown = xcalloc((size_t)pending_count + count, sizeof(*grown));
	atomic_file_block_signals(&signals);
	for (int i = 0; i < pending_count; i++) {
		grown[i].path = before[i].path;
		grown[i].is_dir = before[i].is_dir;
	}
	pending = grown;
	pending_capacity = (size_t)pending_count + count;
	sigprocmask(SIG_SETMASK, &signals, NULL);
	if (before != first_pending)
		free(before);
}

void atomic_file_remember(const char *path, bool is_dir)
{
	if ((size_t)pending_count == pending_capacity)
		return; /* left behind, and collected by the next run */
	pending[pending_count].path = path;
	pending[pending_count].is_dir = is_dir;
	pending_count++;
}

void atomic_file_forget(const char *path)
{
	/* Newest first: what is forgotten is mostly what was remembered last. */
	for (int i = pending_count - 1; i >= 0; i--) {
		if (pending[i].path == path) {
			pending[i].path = NULL;
			break;
		}
	}
	while (pending_count > 0 && !pending[pending_count - 1].path)
		pending_count--;
}

/* Async-signal-safe: unlink and rmdir only. */
void atomic_file_remove_pending(void)
{
	for (int i = pending_count - 1; i >= 0; i--) {
		const char *path = pending[i].path;

		if (path && pending[i].is_dir)
			rmdir(path);
		else if (path)
			unlink(path);
	}
	pending_count = 0;
}

static void remove_pending_and_die(int sig)
{
	atomic_file_remove_pending();
	signal(sig, SIG_DFL);
	raise(sig);
}

void atomic_file_clean_up_on_signals(void)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_pending_and_die;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(signals) / sizeof(*signals); i++)
		sigaction(signals[i], &sa, NULL);
	xalloc_on_failure(atomic_file_remove_pending);
}

void atomic_file_block_signals(sigset_t *old)
{
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, old);
}

int atomic_file_make_dirs(const char *dir, void (*made)(const char *path, void *ctx), void *ctx,
			  struct qa_error *err)
{
	char *path = xstrdup(dir);
	int rc = 0;

	for (char *p = path + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		sigset_t signals;
		int error = 0;

		*p = '\0';
		atomic_file_block_signals(&signals);
		if (mkdir(path, 0777) != 0)
			error = errno;
		else if (made)
			made(path, ctx);
		sigprocmask(SIG_SETMASK, &signals, NULL);
		if (error && error != EEXIST) {
			rc = qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot create directory: %s", path,
				     strerror(error));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	free(path);
	return rc;
}

int atomic_file_open(struct atomic_file *f, const char *dir, const char *name, struct qa_error *err)
{
	struct buf path = BUF_INIT;
	sigset_t signals;
	mode_t mask;
	int fd, error;

	memset(f, 0, sizeof(*f));
	if (atomic_file_make_dirs(dir, NULL, NULL, err))
		return -1;
	buf_addf(&path, "%s/%s", dir, name);
	f->path = buf_detach(&path);
	buf_addf(&path, "%s/.%s.XXXXXX", dir, name);
	f->tmp_path = buf_detach(&path);
	atomic_file_block_signals(&signals);
	fd = mkstemp(f->tmp_path);
	error = errno;
	if (fd >= 0)
		atomic_file_remember(f->tmp_path, false);
	sigprocmask(SIG_SETMASK, &signals, NULL);
	if (fd < 0) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot write: %s", f->path, strerror(error));
		free(f->tmp_path);
		f->tmp_path = NULL;
		atomic_file_abort(f);
		return -1;
	}
	/* mkstemp makes 0600 files; a report is as readable as any file the user creates. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	f->fp = fdopen(fd, "w");
	if (!f->fp) {
		close(fd);
		qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot write: %s", f->path, strerror(errno));
		atomic_file_abort(f);
		return -1;
	}
	return 0;
}

int atomic_file_close(struct atomic_file *f, struct qa_error *err)
{
	int failed = fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0;
	int saved = errno;

	failed |= fclose(f->fp) != 0;
	f->fp = NULL;
	if (failed) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot write: %s", f->path, strerror(saved));
		atomic_file_abort(f);
		return -1;
	}
	return 0;
}

int atomic_file_commit(struct atomic_file *f, struct qa_error *err)
{
	if (f->fp && atomic_file_close(f, err))
		return -1;
	if (rename(f->tmp_path, f->path) != 0) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot write: %s", f->path, strerror(errno));
		atomic_file_abort(f);
		return -1;
	}
	atomic_file_forget(f->tmp_path);
	free(f->tmp_path);
	f->tmp_path = NULL;
	atomic_file_abort(f);
	return 0;
}

void atomic_file_abort(struct atomic_file *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp_path) {
		unlink(f->tmp_path);
		atomic_file_forget(f->tmp_path);
	}
	free(f->tmp_path);
	free(f->path);
	memset(f, 0, sizeof(*f));
}
