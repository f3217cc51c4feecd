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

/* Temporary files not yet renamed or removed, for the signal handler. Written only outside
 * it; a slot is set after its path is complete and cleared before the path is freed. */
#define MAX_PENDING 16
static char *volatile pending[MAX_PENDING];

static void remember(char *path)
{
	for (int i = 0; i < MAX_PENDING; i++) {
		if (!pending[i]) {
			pending[i] = path;
			return;
		}
	}
}

static void forget(const char *path)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == path)
			pending[i] = NULL;
}

/* Async-signal-safe: unlink, signal and raise only. */
static void remove_pending(int sig)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i])
			unlink(pending[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void atomic_file_clean_up_on_signals(void)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_pending;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(signals) / sizeof(*signals); i++)
		sigaction(signals[i], &sa, NULL);
}

static int make_dirs(const char *dir, struct qa_error *err)
{
	char *path = xstrdup(dir);
	int rc = 0;

	for (char *p = path + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			rc = qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot create directory: %s", path,
				     strerror(errno));
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
	mode_t mask;
	int fd;

	memset(f, 0, sizeof(*f));
	if (make_dirs(dir, err))
		return -1;
	buf_addf(&path, "%s/%s", dir, name);
	f->path = buf_detach(&path);
	buf_addf(&path, "%s/.%s.XXXXXX", dir, name);
	f->tmp_path = buf_detach(&path);
	fd = mkstemp(f->tmp_path);
	if (fd < 0) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot write: %s", f->path, strerror(errno));
		free(f->tmp_path);
		f->tmp_path = NULL;
		atomic_file_abort(f);
		return -1;
	}
	remember(f->tmp_path);
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
	forget(f->tmp_path);
	free(f->tmp_path);
	f->tmp_path = NULL;
	atomic_file_abort(f);
	return 0;
}

int atomic_file_commit_all(struct atomic_file *files, size_t count, struct qa_error *err)
{
	sigset_t block, old;
	size_t i;
	int rc = 0;

	for (i = 0; i < count && !rc; i++)
		rc = atomic_file_close(&files[i], err);
	/* A signal between two renames would leave half an old and half a new report. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < count && !rc; i++)
		rc = atomic_file_commit(&files[i], err);
	for (i = 0; i < count; i++)
		atomic_file_abort(&files[i]);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void atomic_file_abort(struct atomic_file *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp_path) {
		unlink(f->tmp_path);
		forget(f->tmp_path);
	}
	free(f->tmp_path);
	free(f->path);
	memset(f, 0, sizeof(*f));
}
