/* The audit pipeline (docs/STANDARD.md): read, group into sessions, sample, read the sample
 * again, score. The commands drive it; each stage is its own module. */
#ifndef AUDIT_H
#define AUDIT_H

#include "ingest.h"
#include "metrics.h"
#include "options.h"
#include "phrase_list.h"
#include "rubric.h"
#include "score.h"
#include "session.h"
#include "skip_log.h"
#include "transcript.h"

#define DIGEST_HEX 16

struct audit {
	const struct audit_options *opts;
	struct rubric rubric;
	struct phrase_lists phrases;
	struct session_keywords *keywords;
	struct ingest in;
	struct skip_log skips;
	struct session_index sessions;
	struct transcript_set transcripts;
	struct transcript_hold hold; /* a map's: what the first read keeps for scoring */
	bool keep_transcripts;       /* keep their messages after scoring (explain prints them) */
	struct score_context *scorer;
	struct session_score *scores; /* one per transcript, in the same order */
	struct reply_tallies tallies; /* every scored session's replies (audit_map) */
	struct metrics metrics;       /* over all sessions */
	int tz_offset_min;            /* --tz, else the rubric's timezone */
	unsigned jobs;                /* threads: --jobs, else one per CPU */
	const char *phase;            /* for progress lines: "reading" or "scoring" */
	/* XXH3-64 of the effective rubric and phrase lists: names what produced a grade. */
	char digest[DIGEST_HEX + 1];
};

/* Starts a: loads the rubric and phrase lists (exit 2 on failure). */
int audit_load(struct audit *a, const struct audit_options *opts, struct qa_error *err);

/* audit_load, then reads every input once: all sessions grouped,
 * ordered and attributed, with no text kept. Then prints the read's warnings on stderr
 * (unless --quiet) and applies --max-bad. Fails (err set) on a usage or rubric error (2), a
 * broken input or more bad records than --max-bad allows (3). Release with audit_release even
 * on failure. */
int audit_prepare(struct audit *a, const struct audit_options *opts, struct qa_error *err);

/* Drafts the score of each session marked sampled (score_draft): first those a map held from
 * its first read, then, having tallied every session's replies and dropped the per-message
 * index, the others as soon as a second read of the inputs makes them whole. */
int audit_map(struct audit *a, struct qa_error *err);
/* Settles the drafts by the whole audit's sessions and computes the population figures:
 * after audit_map when a holds every input, after audit_merge when shards were mapped. */
void audit_settle(struct audit *a);
/* audit_map, then audit_settle. */
int audit_score(struct audit *a, struct qa_error *err);

/* The short form of the digest written on every row: its first 8 hex digits. */
static inline const char *audit_short_digest(const struct audit *a, char out[9])
{
	for (int i = 0; i < 8; i++)
		out[i] = a->digest[i];
	out[8] = '\0';
	return out;
}

void audit_release(struct audit *a);

#endif
