/* The report directory (include/output_dir.h): the lock, a directory per run, the switch by
 * one rename, and the removal of what failed or killed runs left. */
#define _DEFAULT_SOURCE /* flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "buf.h"
#include "output_dir.h"
#include "xalloc.h"

#define RUNS     ".qaudit-runs"
#define LOCK     ".qaudit.lock"
#define CURRENT  "current"
#define PREVIOUS "previous"

static char *path_join(const char *dir, const char *name)
{
	struct buf path = BUF_INIT;

	buf_addf(&path, "%s/%s", dir, name);
	return buf_detach(&path);
}

/* The target of the link at path, or NULL when it is no link. */
static char *read_link(const char *path)
{
	char target[512];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	if (n < 0 || (size_t)n == sizeof(target) - 1)
		return NULL;
	return xmemdup(target, (size_t)n);
}

static bool is_run_id(const char *id)
{
	return *id && *id != '.' && !strchr(id, '/');
}

/* The run ID that DIR/current (prefix ".qaudit-runs/") or .qaudit-runs/previous (prefix "")
 * points to, or NULL. */
static char *linked_run(const char *path, const char *prefix)
{
	char *target = read_link(path), *id = NULL;
	size_t len = strlen(prefix);

	if (target && !strncmp(target, prefix, len) && is_run_id(target + len))
		id = xstrdup(target + len);
	free(target);
	return id;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* ---- Opening: DIR, the lock, the debris of earlier runs ---- */

/* Remembers a directory this run made, for removal if the run fails. */
static void remember_made(const char *path, void *ctx)
{
	struct output_dir *o = ctx;

	if (o->made_count < OUTPUT_DIR_MAX_MADE) {
		o->made[o->made_count] = xstrdup(path);
		atomic_file_remember(o->made[o->made_count++], true);
	}
}

static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

static int take_lock(struct output_dir *o, bool wait, bool quiet, struct qa_error *err)
{
	bool said = false;

	for (;;) {
		bool made;
		int fd;

		if (atomic_file_make_dirs(o->dir, remember_made, o, err))
			return -1;
		fd = open(o->lock_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		made = fd >= 0;
		if (fd < 0 && errno == EEXIST)
			fd = open(o->lock_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot write: %s", o->dir,
				       strerror(errno));
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			if (!wait) {
				close(fd);
				return qa_fail(err, QA_EXIT_OUTPUT,
					       "%s: another run is writing to it (--no-wait)",
					       o->dir);
			}
			if (!quiet && !said)
				fprintf(stderr, "qaudit: waiting for another run writing to %s\n",
					o->dir);
			said = true;
			while (flock(fd, LOCK_EX) != 0) {
				if (errno != EINTR) {
					close(fd);
					return qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot lock: %s",
						       o->lock_path, strerror(errno));
				}
			}
		}
		/* A failed run removes the lock file it made (and DIR): lock the one there now. */
		if (same_file(fd, o->lock_path)) {
			o->lock_fd = fd;
			o->made_lock = made;
			if (made)
				atomic_file_remember(o->lock_path, false);
			return 0;
		}
		close(fd);
	}
}

/* Removes the run directory id of .qaudit-runs (its files, then itself). */
static void remove_run_dir(int runs_fd, const char *id)
{
	int fd = openat(runs_fd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(fd, e->d_name, 0);
	closedir(d);
	unlinkat(runs_fd, id, AT_REMOVEDIR);
}

/* ".NAME.XXXXXX": a temporary link of this version or a temporary file of an older one. */
static bool is_temp_name(const struct output_dir *o, const char *name)
{
	size_t len = strlen(name), stem;

	if (name[0] != '.' || len < 9 || name[len - 7] != '.')
		return false;
	stem = len - 8;
	if (stem == strlen(CURRENT) && !strncmp(name + 1, CURRENT, stem))
		return true;
	if (stem == strlen(PREVIOUS) && !strncmp(name + 1, PREVIOUS, stem))
		return true;
	for (size_t i = 0; i < o->name_count; i++)
		if (stem == strlen(o->names[i]) && !strncmp(name + 1, o->names[i], stem))
			return true;
	return false;
}

/* Removes from a directory the temporary names (files and links, never directories). */
static void remove_temp_names(const struct output_dir *o, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (is_temp_name(o, e->d_name) &&
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

/* Removes every run directory but the current, the previous and keep (if not NULL), and the
 * temporary names killed runs left. Called with the lock held. */
static void remove_debris(const struct output_dir *o, const char *keep)
{
	struct buf path = BUF_INIT;
	char *current, *previous;
	struct dirent *e;
	DIR *d;

	remove_temp_names(o, o->dir);
	remove_temp_names(o, o->runs_path);
	buf_addf(&path, "%s/%s", o->dir, CURRENT);
	current = linked_run(path.data, RUNS "/");
	buf_reset(&path);
	buf_addf(&path, "%s/%s", o->runs_path, PREVIOUS);
	previous = linked_run(path.data, "");
	buf_release(&path);
	d = opendir(o->runs_path);
	while (d && (e = readdir(d))) {
		const char *id = e->d_name;

		if (!is_run_id(id) || !strcmp(id, PREVIOUS) || (current && !strcmp(id, current)) ||
		    (previous && !strcmp(id, previous)) || (keep && !strcmp(id, keep)))
			continue;
		remove_run_dir(dirfd(d), id);
	}
	if (d)
		closedir(d);
	free(current);
	free(previous);
}

static int in_the_way(const struct output_dir *o, const char *name, const char *what,
		      struct qa_error *err)
{
	return qa_fail(err, QA_EXIT_OUTPUT,
		       "%s/%s: %s is in the way of the report; nothing was changed", o->dir, name,
		       what);
}

/* DIR/current is absent or a link of ours; each DIR/NAME absent, a link of ours or a regular
 * file (an older qaudit's, replaced by a link once). needs_link[i] tells which need a link. */
static int check_names(const struct output_dir *o, bool *needs_link, struct qa_error *err)
{
	struct stat st;
	char *path = path_join(o->dir, CURRENT), *id = NULL;
	int rc = 0;

	if (lstat(path, &st) == 0 && !(S_ISLNK(st.st_mode) && (id = linked_run(path, RUNS "/"))))
		rc = in_the_way(o, CURRENT, "something not made by qaudit", err);
	free(id);
	free(path);
	for (size_t i = 0; i < o->name_count && !rc; i++) {
		char *target = NULL;
		bool ours;

		path = path_join(o->dir, o->names[i]);
		if (lstat(path, &st) != 0) {
			needs_link[i] = true;
		} else if (S_ISREG(st.st_mode)) {
			needs_link[i] = true;
		} else if (S_ISLNK(st.st_mode)) {
			target = read_link(path);
			ours = target && !strncmp(target, CURRENT "/", strlen(CURRENT) + 1) &&
			       !strcmp(target + strlen(CURRENT) + 1, o->names[i]);
			needs_link[i] = false;
			if (!ours)
				rc = in_the_way(o, o->names[i], "a link not made by qaudit", err);
		} else {
			rc = in_the_way(o, o->names[i],
					S_ISDIR(st.st_mode) ? "a directory" : "a special file",
					err);
		}
		free(target);
		free(path);
	}
	return rc;
}

static const struct output_dir *sorting; /* the set sort_by_name compares the names of */

static int sort_by_name(const void *a, const void *b)
{
	return strcmp(sorting->names[*(const size_t *)a], sorting->names[*(const size_t *)b]);
}

/* The names' indexes in name order, for name_index: a split has thousands of names. */
static void sort_names(struct output_dir *o)
{
	o->by_name = xcalloc(o->name_count + 1, sizeof(*o->by_name));
	for (size_t i = 0; i < o->name_count; i++)
		o->by_name[i] = i;
	sorting = o;
	qsort(o->by_name, o->name_count, sizeof(*o->by_name), sort_by_name);
	sorting = NULL;
}

static int name_index(const struct output_dir *o, const char *name)
{
	size_t low = 0, high = o->name_count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int cmp = strcmp(name, o->names[o->by_name[mid]]);

		if (!cmp)
			return (int)o->by_name[mid];
		if (cmp < 0)
			high = mid;
		else
			low = mid + 1;
	}
	return -1;
}

int output_dir_open(struct output_dir *o, const char *dir, const char *const *names,
		    size_t name_count, bool wait, bool quiet, struct qa_error *err)
{
	bool *needs_link = xcalloc(name_count + 1, sizeof(*needs_link));
	size_t len = strlen(dir);
	int rc = -1;

	memset(o, 0, sizeof(*o));
	o->lock_fd = -1;
	while (len > 1 && dir[len - 1] == '/')
		len--;
	o->dir = xmemdup(dir, len);
	o->names = names;
	o->name_count = name_count;
	o->file_paths = xcalloc(name_count + 1, sizeof(*o->file_paths));
	sort_names(o);
	/* Room to remove every file and link of the run if it is interrupted: the directories
	 * made, the lock, .qaudit-runs, the run's directory, current, previous and, per name, its
	 * file and a link. */
	atomic_file_reserve(OUTPUT_DIR_MAX_MADE + 6 + 2 * name_count);
	o->lock_path = path_join(o->dir, LOCK);
	o->runs_path = path_join(o->dir, RUNS);
	if (!take_lock(o, wait, quiet, err)) {
		remove_debris(o, NULL);
		rc = check_names(o, needs_link, err);
	}
	free(needs_link);
	return rc;
}

/* ---- Writing: this run's directory ---- */

static int make_run_dir(struct output_dir *o, struct qa_error *err)
{
	struct buf path = BUF_INIT;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	sigset_t signals;
	mode_t mask;
	int error = 0;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	buf_addf(&path, "%s/%s-%ld-XXXXXX", o->runs_path, stamp, (long)getpid());
	/* Each made and remembered with the signals held (atomic_file_remember says why). */
	atomic_file_block_signals(&signals);
	if (mkdir(o->runs_path, 0777) == 0) {
		o->made_runs = true;
		atomic_file_remember(o->runs_path, true);
	} else if (errno != EEXIST) {
		error = errno;
	}
	if (!error && !mkdtemp(path.data))
		error = errno;
	if (!error) {
		o->run_path = buf_detach(&path);
		atomic_file_remember(o->run_path, true);
	}
	sigprocmask(SIG_SETMASK, &signals, NULL);
	if (error) {
		buf_release(&path);
		return qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot create directory: %s", o->runs_path,
			       strerror(error));
	}
	o->run_id = xstrdup(strrchr(o->run_path, '/') + 1);
	/* mkdtemp makes 0700; a report is as readable as any directory the user creates. */
	mask = umask(0);
	umask(mask);
	chmod(o->run_path, 0777 & ~mask);
	return 0;
}

FILE *output_dir_create(struct output_dir *o, const char *name, struct qa_error *err)
{
	int i = name_index(o, name), fd, error;
	sigset_t signals;
	FILE *fp;

	if (i < 0 || o->file_paths[i]) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s/%s: not a report file of this run", o->dir, name);
		return NULL;
	}
	if (!o->run_path && make_run_dir(o, err))
		return NULL;
	o->file_paths[i] = path_join(o->run_path, name);
	atomic_file_block_signals(&signals);
	fd = open(o->file_paths[i], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	error = errno;
	if (fd >= 0)
		atomic_file_remember(o->file_paths[i], false);
	sigprocmask(SIG_SETMASK, &signals, NULL);
	if (fd < 0) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s/%s: cannot write: %s", o->dir, name,
			strerror(error));
		free(o->file_paths[i]);
		o->file_paths[i] = NULL;
		return NULL;
	}
	fp = fdopen(fd, "w");
	if (!fp) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s/%s: cannot write: %s", o->dir, name,
			strerror(errno));
		close(fd);
	}
	return fp;
}

int output_dir_finish(struct output_dir *o, FILE *fp, const char *name, struct qa_error *err)
{
	int saved = 0;

	/* A failed write leaves its bytes in the buffer: fflush tries again and says why. */
	if (fflush(fp) != 0 || ferror(fp))
		saved = errno ? errno : EIO;
	else if (fsync(fileno(fp)) != 0)
		saved = errno;
	if (fclose(fp) != 0 && !saved)
		saved = errno;
	if (saved)
		return qa_fail(err, QA_EXIT_OUTPUT, "%s/%s: cannot write: %s", o->dir, name,
			       strerror(saved));
	return 0;
}

/* ---- Switching the set in ---- */

/* Makes DIR/.NAME.XXXXXX, a link to target, to be renamed over DIR/NAME. */
static char *temp_link(const char *dir, const char *name, const char *target, struct qa_error *err)
{
	static const char digits[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned long seed = (unsigned long)getpid() * 2654435761u ^ (unsigned long)time(NULL);
	struct buf path = BUF_INIT;
	sigset_t signals;
	char *made = NULL;
	int error = EEXIST;

	for (int attempt = 0; attempt < 100 && !made && error == EEXIST; attempt++) {
		buf_reset(&path);
		buf_addf(&path, "%s/.%s.", dir, name);
		for (int i = 0; i < 6; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u +
			       (unsigned)attempt;
			buf_addch(&path, digits[(seed >> 33) % (sizeof(digits) - 1)]);
		}
		/* Made and remembered with the signals held (atomic_file_remember says why). */
		atomic_file_block_signals(&signals);
		if (symlink(target, path.data) == 0) {
			made = buf_detach(&path);
			atomic_file_remember(made, false);
		} else {
			error = errno;
		}
		sigprocmask(SIG_SETMASK, &signals, NULL);
	}
	if (made)
		return made;
	qa_fail(err, QA_EXIT_OUTPUT, "%s/%s: cannot write: %s", dir, name, strerror(error));
	buf_release(&path);
	return NULL;
}

static void drop_temp(char **path, bool unlink_it)
{
	if (!*path)
		return;
	if (unlink_it)
		unlink(*path);
	atomic_file_forget(*path);
	free(*path);
	*path = NULL;
}

/* What this run remembered for removal is now the report: forget it. */
static void keep_run(struct output_dir *o)
{
	for (size_t i = o->name_count; i-- > 0;) /* newest first: quick for thousands */
		if (o->file_paths[i])
			atomic_file_forget(o->file_paths[i]);
	atomic_file_forget(o->run_path);
	atomic_file_forget(o->runs_path);
	atomic_file_forget(o->lock_path);
	for (size_t i = 0; i < o->made_count; i++)
		atomic_file_forget(o->made[i]);
	o->committed = true;
}

/* Removes each link DIR/X -> current/X whose X the new set lacks (an earlier split into more
 * parts): it now leads nowhere. Links of that form are only ever made here. */
static void remove_stale_links(const struct output_dir *o)
{
	const size_t prefix = strlen(CURRENT) + 1;
	DIR *d = opendir(o->dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char target[512];
		ssize_t n;

		if (e->d_name[0] == '.' || !strcmp(e->d_name, CURRENT) ||
		    name_index(o, e->d_name) >= 0)
			continue;
		n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n <= 0 || (size_t)n == sizeof(target) - 1)
			continue;
		target[n] = '\0';
		if (!strncmp(target, CURRENT "/", prefix) && !strcmp(target + prefix, e->d_name))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	if (d)
		closedir(d);
}

int output_dir_commit(struct output_dir *o, struct qa_error *err)
{
	bool *needs_link = xcalloc(o->name_count + 1, sizeof(*needs_link));
	char **links = xcalloc(o->name_count + 1, sizeof(*links));
	char *current_tmp = NULL, *previous_tmp = NULL;
	char *path = path_join(o->dir, CURRENT), *old = linked_run(path, RUNS "/");
	struct buf target = BUF_INIT;
	sigset_t signals;
	size_t i;
	int rc = -1;

	free(path);
	for (i = 0; i < o->name_count; i++)
		if (!o->file_paths[i]) {
			qa_fail(err, QA_EXIT_OUTPUT, "%s/%s: not written", o->dir, o->names[i]);
			goto out;
		}
	if (check_names(o, needs_link, err))
		goto out;
	sync_dir(o->run_path);
	/* Every new link is made before the switch: a full disk fails with nothing changed. */
	if (old && !(previous_tmp = temp_link(o->runs_path, PREVIOUS, old, err)))
		goto out;
	buf_addf(&target, "%s/%s", RUNS, o->run_id);
	if (!(current_tmp = temp_link(o->dir, CURRENT, target.data, err)))
		goto out;
	for (i = 0; i < o->name_count; i++) {
		if (!needs_link[i])
			continue;
		buf_reset(&target);
		buf_addf(&target, "%s/%s", CURRENT, o->names[i]);
		if (!(links[i] = temp_link(o->dir, o->names[i], target.data, err)))
			goto out;
	}
	atomic_file_block_signals(&signals);
	path = path_join(o->runs_path, PREVIOUS);
	if (previous_tmp && rename(previous_tmp, path) == 0)
		drop_temp(&previous_tmp, false);
	free(path);
	path = path_join(o->dir, CURRENT);
	if (rename(current_tmp, path) != 0) {
		qa_fail(err, QA_EXIT_OUTPUT, "%s: cannot write: %s", path, strerror(errno));
		free(path);
		sigprocmask(SIG_SETMASK, &signals, NULL);
		goto out;
	}
	free(path);
	drop_temp(&current_tmp, false);
	rc = 0;
	/* The switch is done; an older qaudit's files become links to it (the newest first,
	 * as they were remembered last), and what this run remembered is the report now. */
	for (i = o->name_count; i-- > 0;) {
		if (!links[i])
			continue;
		path = path_join(o->dir, o->names[i]);
		if (rename(links[i], path) == 0)
			drop_temp(&links[i], false);
		else if (!rc)
			rc = qa_fail(err, QA_EXIT_OUTPUT,
				     "%s: cannot replace with a link to %s/current: %s", path,
				     o->dir, strerror(errno));
		free(path);
	}
	keep_run(o);
	remove_stale_links(o);
	sync_dir(o->dir);
	sigprocmask(SIG_SETMASK, &signals, NULL);
	remove_debris(o, o->run_id);
out:
	for (i = o->name_count; i-- > 0;)
		drop_temp(&links[i], true);
	drop_temp(&current_tmp, true);
	drop_temp(&previous_tmp, true);
	free(links);
	free(needs_link);
	buf_release(&target);
	free(old);
	return rc;
}

/* ---- Closing ---- */

static void forget_and_remove(const char *path, bool is_dir)
{
	if (!path)
		return;
	if (is_dir)
		rmdir(path);
	else
		unlink(path);
	atomic_file_forget(path);
}

void output_dir_close(struct output_dir *o)
{
	if (!o->dir)
		return;
	if (!o->committed) {
		for (size_t i = o->file_paths ? o->name_count : 0; i-- > 0;)
			forget_and_remove(o->file_paths[i], false);
		forget_and_remove(o->run_path, true);
		if (o->made_runs)
			forget_and_remove(o->runs_path, true);
		if (o->made_lock)
			forget_and_remove(o->lock_path, false);
		for (size_t i = o->made_count; i-- > 0;)
			forget_and_remove(o->made[i], true);
	}
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	for (size_t i = 0; o->file_paths && i < o->name_count; i++)
		free(o->file_paths[i]);
	free(o->file_paths);
	free(o->by_name);
	for (size_t i = 0; i < o->made_count; i++)
		free(o->made[i]);
	free(o->run_path);
	free(o->run_id);
	free(o->lock_path);
	free(o->runs_path);
	free(o->dir);
	memset(o, 0, sizeof(*o));
	o->lock_fd = -1;
}
