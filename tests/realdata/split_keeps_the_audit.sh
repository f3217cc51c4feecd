#!/bin/sh
# qaudit split on real transcripts: the first 5,000 tweets of the Customer Support on Twitter
# corpus (conversations rebuilt from reply ids, context tweets, sign-off agents), split into 7
# gzip parts and audited whole, give the reports of the audit of the corpus itself. Exits 77
# (skipped) when the corpus is not beside the checkout.
# usage: split_keeps_the_audit.sh QAUDIT SHARED_DIR
set -u
QAUDIT=$1
INPUT=$2/corpora/twcs/twcs_first5000.csv
[ -r "$INPUT" ] || exit 77
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qaudit-split.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
status=0

for opts in "" "--signoff-agents"; do
	rm -rf "$WORK"/*
	"$QAUDIT" audit -q --rate 1 $opts -o "$WORK/corpus" "$INPUT" || exit 1
	"$QAUDIT" split -q -P 7 --gzip $opts -o "$WORK/parts" "$INPUT" || exit 1
	"$QAUDIT" audit -q --rate 1 -o "$WORK/audit-of-parts" "$WORK"/parts/part-*.ndjson.gz ||
		exit 1
	for f in agents.csv sessions.csv findings.csv timeliness.csv; do
		if ! cmp -s "$WORK/corpus/$f" "$WORK/audit-of-parts/$f"; then
			echo "FAIL: split ${opts:-(no options)}: $f differs"
			diff "$WORK/corpus/$f" "$WORK/audit-of-parts/$f" | head -5
			status=1
		fi
	done
	# summary.json: the same but for the inputs it names (the corpus has no bad record).
	if ! python3 - "$WORK/corpus/summary.json" "$WORK/audit-of-parts/summary.json" <<'PY'
import json, sys
corpus, parts = (json.load(open(path, encoding="utf-8")) for path in sys.argv[1:])
assert corpus.pop("inputs")[0]["bad_records"] == 0
parts.pop("inputs")
sys.exit(corpus != parts)
PY
	then
		echo "FAIL: split ${opts:-(no options)}: summary.json differs beyond its inputs"
		status=1
	fi
	sessions=$(($(wc -l <"$WORK/corpus/sessions.csv") - 1))
	echo "split ${opts:-(no options)}: $sessions sessions, the same reports"
done
exit $status
