/* The report directory: one run writes to it at a time, each run writes its files into a
 * directory of its own, and one rename switches the whole set in (as Kubernetes' AtomicWriter
 * does). In DIR:
 *
 *   .qaudit.lock              flock()ed by the run writing to DIR
 *   .qaudit-runs/ID/NAME      the files of one run; ID is "UTC stamp-pid-random"
 *   .qaudit-runs/previous     -> ID of the set that was current before the last switch
 *   current                   -> .qaudit-runs/ID, the set a reader sees; replaced by rename()
 *   NAME                      -> current/NAME, made once (an older qaudit's file is replaced)
 *
 * A reader that resolves DIR/current once and reads through it sees one run's files. A run
 * that fails or is killed leaves the previous set as it was; what a killed run left behind is
 * removed by the next run. A set may have any number of names (qaudit split writes one file
 * per part); a link DIR/X -> current/X of an earlier set without X goes at the switch. */
#ifndef OUTPUT_DIR_H
#define OUTPUT_DIR_H

#include <stdbool.h>
#include <stdio.h>

#include "qa_error.h"

#define OUTPUT_DIR_MAX_MADE 16

struct output_dir {
	char *dir;
	const char *const *names; /* the files of a set, the caller's */
	size_t name_count;
	int lock_fd;
	char *lock_path, *runs_path;     /* DIR/.qaudit.lock, DIR/.qaudit-runs */
	char *run_id;                    /* ID of this run's directory once made */
	char *run_path;                  /* DIR/.qaudit-runs/ID */
	char **file_paths;               /* one per name, NULL until created */
	size_t *by_name;                 /* the names' indexes, sorted by name */
	char *made[OUTPUT_DIR_MAX_MADE]; /* directories this run created, parents first */
	size_t made_count;
	bool made_lock, made_runs;
	bool committed;
};

/* Creates DIR (and its parents) if missing and locks it for this run: when another run holds
 * the lock, waits (saying so on stderr unless quiet) or, without wait, fails. Then removes
 * what killed runs left and checks that nothing is in the way of the names (a directory or a
 * file not made by qaudit at DIR/NAME or DIR/current). Returns 0, or -1 with err (exit 4). */
int output_dir_open(struct output_dir *o, const char *dir, const char *const *names,
		    size_t name_count, bool wait, bool quiet, struct qa_error *err);
/* Opens this run's file NAME (one of the names) for writing, making the run's directory on
 * the first call. Returns NULL with err on failure. */
FILE *output_dir_create(struct output_dir *o, const char *name, struct qa_error *err);
/* Flushes, syncs and closes fp, a file of output_dir_create, naming DIR/NAME in err when
 * any write to it failed (a full disk, a file size limit). */
int output_dir_finish(struct output_dir *o, FILE *fp, const char *name, struct qa_error *err);
/* Switches the set in: DIR/current is renamed to this run's directory, DIR/NAME made a link
 * where needed, and every run directory but this one and the previous removed. Either the new
 * set is current or, on failure (err set), the previous one still is. */
int output_dir_commit(struct output_dir *o, struct qa_error *err);
/* Unlocks DIR. Without a commit, first removes this run's directory, then the lock file and the
 * directories this run created, if empty. Safe on a failed open. */
void output_dir_close(struct output_dir *o);

#endif
