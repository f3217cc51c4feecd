/* Fuzz target: a calibration grades file, then the comparison over sessions that qaudit
 * passed without a finding, every checkpoint judged. */
#include <stdlib.h>
#include <string.h>

#include "calibration.h"
#include "fuzz_common.h"
#include "rubric.h"
#include "str_table.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rubric rubric;
	static bool loaded;
	struct qa_error err = {0};
	struct grades g;
	struct session_score score = {.score_tenths = 1000, .grade = GRADE_A, .judged = ~0u};

	if (!loaded) {
		if (rubric_load(&rubric, NULL, &err))
			abort();
		loaded = true;
	}
	for (int d = 0; d < DIM_COUNT; d++)
		score.dim[d] = (struct dimension_score){true, GRADE_A};
	const char *path = fuzz_memory_file(data, size);

	if (grades_load(&g, &path, 1, &err) == 0) {
		uint32_t n = str_table_count(g.sessions);
		struct audited_session *sessions = xcalloc(n ? n : 1, sizeof(*sessions));
		struct calibration c;

		/* Every other session is missing from the inputs. */
		for (uint32_t s = 0; s < n; s++)
			sessions[s] = (struct audited_session){
				str_table_get(g.sessions, s), "agent", s % 2 == 0, &score, &rubric};
		calibration_compute(&c, &g, sessions);
		calibration_release(&c);
		free(sessions);
	}
	grades_release(&g);
	return 0;
}
