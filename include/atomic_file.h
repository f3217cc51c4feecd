/* Output files that appear whole or not at all: written to a temporary file in the target
 * directory (mkstemp, so never through a planted symlink) and renamed into place. */
#ifndef ATOMIC_FILE_H
#define ATOMIC_FILE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "qa_error.h"

struct atomic_file {
	char *path;     /* final name */
	char *tmp_path; /* where it is written until commit */
	FILE *fp;
};

/* mkdir -p DIR, calling made (if not NULL) with each directory it creates, parents first.
 * Returns 0, or -1 with err set (exit 4). */
int atomic_file_make_dirs(const char *dir, void (*made)(const char *path, void *ctx), void *ctx,
			  struct qa_error *err);
/* Creates DIR (and its parents) if needed and opens a temporary file for DIR/name.
 * Returns 0, or -1 with err set (exit 4). */
int atomic_file_open(struct atomic_file *f, const char *dir, const char *name,
		     struct qa_error *err);
/* Flushes, syncs and closes the temporary file; it still has its temporary name. */
int atomic_file_close(struct atomic_file *f, struct qa_error *err);
/* Closes the file if still open, then renames it over the final name. */
int atomic_file_commit(struct atomic_file *f, struct qa_error *err);
/* Closes and removes the temporary file. Safe on a committed or never-opened file. */
void atomic_file_abort(struct atomic_file *f);

/* On SIGINT, SIGTERM, SIGHUP or SIGQUIT, and when memory runs out (xalloc), removes the
 * temporary files still open and every path remembered, then dies of the signal (or exits 4):
 * an interrupted run leaves the previous report as it was. */
void atomic_file_clean_up_on_signals(void);

/* The paths removed then: path (a file, or an empty directory with is_dir) stays the
 * caller's and must live until forgotten. Create it with the signals held
 * (atomic_file_block_signals) until it is remembered: a signal that comes while the creating
 * call runs is handled as it returns, before the path is known here. Removal goes newest first.
 * Past the room made (32 paths, or more with atomic_file_reserve), a path is left for the next run
 * to remove. Forgetting is quickest newest first. */
void atomic_file_remember(const char *path, bool is_dir);
void atomic_file_forget(const char *path);
/* Makes room for count more paths to remember. */
void atomic_file_reserve(size_t count);
/* Removes every remembered path and forgets them. Async-signal-safe. */
void atomic_file_remove_pending(void);
/* Holds back the signals above (sigprocmask) until the caller restores *old. */
void atomic_file_block_signals(sigset_t *old);

#endif
