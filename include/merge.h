/* Merge stage (qaudit merge, docs/SCALE.md): the partials of an audit's shards, each mapped
 * by qaudit map, made into that one audit: every session, the exact sample, the figures and
 * the settled scores, as `qaudit audit` over all the shards' inputs has them. */
#ifndef MERGE_H
#define MERGE_H

#include "audit.h"
#include "buf.h"
#include "partial.h"

/* Fills a from parts (names[i] names parts[i] in messages), which must outlive a: their
 * input names are borrowed, their drafts moved, their sessions and tallies freed once taken. Fails
 * (exit 3) when a partial is of another rubric, sample or zone, when one session is in two
 * partials, or when there are more bad records than --max-bad allows. When a shard did not score a
 * session of the sample, adds "PARTIAL<TAB>SESSION" lines to refine and fails with QA_EXIT_REFINE.
 */
int audit_merge(struct audit *a, const struct audit_options *opts, struct partial *parts,
		char *const *names, size_t count, struct buf *refine, struct qa_error *err);

#endif
