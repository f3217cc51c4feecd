/* The first read with --jobs: the reader copies records into batches in input order, or cuts
 * a CSV or NDJSON input into chunks of whole rows or lines (ingest_options.chunk); worker threads
 * parse the chunks and scan the text of every record (session_message_facts), and the batches are
 * added to the index, with the chunks' counts and bad records, in the order they were read, so the
 * index and every warning are the ones a single thread gives. */
#ifndef SESSION_READ_H
#define SESSION_READ_H

#include "ingest.h"
#include "session.h"

/* ingest_read into idx: the calling thread reads, workers (at least 1) threads parse, scan and
 * add. Returns as ingest_read. */
int session_read(struct ingest *in, const struct ingest_options *opts, struct session_index *idx,
		 unsigned workers, struct skip_log *log, struct qa_error *err);

#endif
