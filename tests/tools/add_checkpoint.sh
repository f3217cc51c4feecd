#!/bin/sh
# Adds a checkpoint to a scratch copy of the sources the way docs/CONTRIBUTING.md says
# (table row, default rubric section, scorer, docs row) and proves the copy builds, passes
# its checkpoint, rubric and score tests and audits the samples; then leaves out the rubric
# section and proves the checkpoint table's test names what is missing.
# usage: add_checkpoint.sh SOURCE_DIR
set -eu
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT INT TERM
copy="$work/src"
mkdir "$copy"
for f in CMakeLists.txt src include phrase_lists tests docs samples; do
	cp -R "$src/$f" "$copy/"
done

# 1. The table row, last of its dimension.
sed -i 's|^\(\tX(A4, ATTITUDE, .*, 0, true, false)\)$|\1 \\\n\tX(A5, ATTITUDE, "嘲讽语气", "Mocking tone", "mocking", 1, false, true)|' \
	"$copy/include/checkpoint.h"
grep -q 'X(A5, ATTITUDE' "$copy/include/checkpoint.h"

# 2. Its section in the default rubric.
cp "$copy/src/rubric_default.ini" "$work/rubric_without_a5.ini"
cat >>"$copy/src/rubric_default.ini" <<'EOF'

[A5]
# A5 嘲讽语气: a mocking tone towards the customer.
# no: A5 is never judged.
enabled = yes
# Grades lost per failure.
penalty = 1
# yes: a mocking tone sets attitude to F.
red_line = no
EOF

# 3. Its phrase list, matched in agent messages, and the scorer: one call in its
# dimension's scorer.
printf '# A5: a mocking tone. Matched in AGENT messages.\n呵呵呵\n' >"$copy/phrase_lists/mocking.txt"
sed -i 's|^\(\tAL_ORDER_REFERENCE,\)$|\1\n\tAL_MOCKING,|' "$copy/src/score_internal.h"
sed -i 's|^\(\t\[AL_ORDER_REFERENCE\] = "order_reference",\)$|\1\n\t[AL_MOCKING] = "mocking",|' \
	"$copy/src/score.c"
sed -i 's|^\(\tcheck_first_phrase(v, RULE_A4, AL_INSULT, "blames or insults the customer");\)$|\1\n\tcheck_first_phrase(v, RULE_A5, AL_MOCKING, "mocking tone");|' \
	"$copy/src/score_attitude.c"
grep -q 'AL_MOCKING,' "$copy/src/score_internal.h"
grep -q '"mocking"' "$copy/src/score.c"
grep -q 'RULE_A5' "$copy/src/score_attitude.c"

# 4. Its row in docs/CHECKPOINTS.md.
printf '| A5 | an agent message mocks the customer (*hostile*). | the first one |\n' \
	>>"$copy/docs/CHECKPOINTS.md"

cmake -S "$copy" -B "$work/build" -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$work/build" -j2 --target qaudit test_checkpoint test_rubric test_score >/dev/null
for t in checkpoint rubric score; do
	"$work/build/tests/test_$t" >"$work/test_$t.log" 2>&1 || {
		cat "$work/test_$t.log"
		echo "add_checkpoint: test_$t fails with A5 added as documented" >&2
		exit 1
	}
done
"$work/build/qaudit" rubric --print-default | grep -q '^\[A5\]'
"$work/build/qaudit" audit -q --rate 1 -r "$copy/samples/rubric.ini" -o "$work/report" \
	"$copy/samples/shop_zh.csv" "$copy/samples/support_en.json" "$copy/samples/store_tw.ndjson"
test -s "$work/report/report.html"
cat >"$work/mock.csv" <<'EOF'
session_id,time,role,agent_id,text
M1,2026-11-20 10:00:00,customer,,你好，快递到哪了？
M1,2026-11-20 10:00:05,agent,KF1,您好，呵呵呵，明天到。
EOF
"$work/build/qaudit" explain --session M1 "$work/mock.csv" | grep -q 'A5 -1  mocking tone'

# A step left out: the table's test must say which.
cp "$work/rubric_without_a5.ini" "$copy/src/rubric_default.ini"
cmake --build "$work/build" -j2 --target test_checkpoint >/dev/null
if "$work/build/tests/test_checkpoint" >"$work/missing.log" 2>&1; then
	echo "add_checkpoint: a checkpoint without a rubric section passed test_checkpoint" >&2
	exit 1
fi
grep -q 'A5: no section in src/rubric_default.ini' "$work/missing.log"
echo "add_checkpoint: A5 added as documented; a missing rubric section is caught"
