/* qaudit map: one shard of an audit, as far as it goes alone, in a partial file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "audit.h"
#include "commands.h"
#include "partial.h"
#include "sample.h"

/* --sessions: the sessions a merge asked this shard to score. A line "PARTIAL<TAB>ID", as
 * merge prints them, counts only when PARTIAL is this map's -o; a line "ID" always. */
static int mark_listed(struct session_index *idx, const char *path, const char *partial,
		       struct qa_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	long number = 0;
	int rc = 0;

	if (!fp)
		return qa_fail(err, QA_EXIT_INPUT, "%s: %s", path, strerror(errno));
	while (!rc && (len = getline(&line, &size, fp)) >= 0) {
		char *id = line, *tab = memchr(line, '\t', (size_t)len);
		uint32_t s;

		number++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (tab) {
			*tab = '\0';
			if (strcmp(line, partial))
				continue;
			id = tab + 1;
		}
		if (!*id)
			continue;
		s = str_table_find(idx->ids, id, strlen(id));
		if (s == STR_NONE || idx->sessions[s].unscored != SCORED)
			rc = qa_fail(err, QA_EXIT_INPUT,
				     "%s:%ld: no scored session '%s' in these inputs", path, number,
				     id);
		else
			idx->sessions[s].sampled = true;
	}
	if (!rc && ferror(fp))
		rc = qa_fail(err, QA_EXIT_INPUT, "%s: %s", path, strerror(errno));
	free(line);
	fclose(fp);
	return rc;
}

int cmd_map(int argc, char **argv)
{
	struct audit_options opts;
	struct audit a = {0};
	struct qa_error err = {0};
	int status = QA_EXIT_OK;

	if (options_parse(argc, argv, COMMAND_MAP, &opts, &err)) {
		options_release(&opts);
		return options_usage_error("map", "%s", err.message);
	}
	if (opts.help) {
		fputs(options_usage(COMMAND_MAP), stdout);
		options_release(&opts);
		return QA_EXIT_OK;
	}
	atomic_file_clean_up_on_signals();
	if (audit_prepare(&a, &opts, &err))
		goto fail;
	sample_candidates(&a.sessions, &opts.sample, opts.margin);
	if (opts.sessions_path && mark_listed(&a.sessions, opts.sessions_path, opts.out_dir, &err))
		goto fail;
	if (audit_map(&a, &err) || partial_write(&a, opts.out_dir, &err))
		goto fail;
	if (!opts.quiet)
		printf("qaudit: %u session%s, %zu scored for the sample; partial in %s\n",
		       session_count(&a.sessions), session_count(&a.sessions) == 1 ? "" : "s",
		       a.transcripts.count, opts.out_dir);
	goto out;
fail:
	qa_error_print(&err);
	status = (int)err.status;
out:
	audit_release(&a);
	options_release(&opts);
	return status;
}
