/* Fuzz target: a partial file's bytes (ungzipped), then the merge of it alone and the report's
 * view of that audit. The rubric, sample and zone it names are set to the merge's, so that
 * inputs reach past the first check. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "merge.h"
#include "options.h"
#include "report.h"
#include "scorecard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *argv[] = {"merge", "--phrases", QAUDIT_SOURCE_DIR "/phrase_lists", "fuzz",
			       NULL};
	static struct audit_options opts;
	static char digest[DIGEST_HEX + 1];
	static int tz;
	struct qa_error err = {0};
	struct partial p;

	if (!digest[0]) {
		struct audit a;

		if (options_parse(4, argv, COMMAND_MERGE, &opts, &err) ||
		    audit_load(&a, &opts, &err))
			abort();
		memcpy(digest, a.digest, sizeof(digest));
		tz = a.tz_offset_min;
		audit_release(&a);
	}
	if (partial_parse(&p, data, size, "fuzz", &err) == 0) {
		struct audit a;
		struct buf refine = BUF_INIT;

		memcpy(p.digest, digest, sizeof(digest));
		p.sample = opts.sample;
		p.tz_offset_min = tz;
		if (audit_merge(&a, &opts, &p, argv + 3, 1, &refine, &err) == 0) {
			struct report_view view;
			struct scorecards cards;

			report_view_build(&view, &a);
			scorecards_from_view(&cards, &view, NULL);
			scorecards_release(&cards);
			report_view_release(&view);
		}
		buf_release(&refine);
		audit_release(&a);
	}
	partial_release(&p);
	return 0;
}
