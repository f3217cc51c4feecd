#!/bin/sh
# Runs one golden CLI case: tests/cli/NAME/cmd is a shell script run from the repository
# root with $QAUDIT (the binary) and $OUT (an empty scratch directory; the report goes in
# $OUT/report). Its stdout, stderr, exit status and every report file it leaves in $OUT/report
# (the names a user sees, read through their links; not `current` or hidden entries) are
# compared with tests/cli/NAME/expected/; a name whose link leads nowhere fails the case. $OUT is written as "$OUT" in the captured output.
# QAUDIT_UPDATE_GOLDEN=1 rewrites expected/ instead; review the diff.
set -u
QAUDIT=$1
CASE=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qaudit-case.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
mkdir -p "$WORK/out" "$WORK/actual"

cd "$ROOT" || exit 1
QAUDIT=$QAUDIT OUT=$WORK/out sh "$CASE/cmd" >"$WORK/stdout" 2>"$WORK/stderr"
echo $? >"$WORK/actual/exit"
for f in stdout stderr; do
	sed "s|$WORK/out|\$OUT|g" "$WORK/$f" >"$WORK/actual/$f"
done
if [ -d "$WORK/out/report" ]; then
	for f in "$WORK/out/report/"*; do
		[ -e "$f" ] || [ -L "$f" ] || continue # no report file at all
		name=${f##*/}
		[ "$name" = current ] && continue
		if [ -L "$f" ] && [ ! -e "$f" ]; then
			echo "FAIL: $(basename "$CASE"): report/$name is a link to nothing"
			exit 1
		fi
		cp -R -L "$f" "$WORK/actual/$name"
	done
fi

if [ "${QAUDIT_UPDATE_GOLDEN:-}" = 1 ]; then
	rm -rf "$CASE/expected"
	cp -R "$WORK/actual" "$CASE/expected"
	echo "updated $CASE/expected"
	exit 0
fi
if ! diff -r "$CASE/expected" "$WORK/actual"; then
	echo "FAIL: $(basename "$CASE") differs from expected/ (QAUDIT_UPDATE_GOLDEN=1 to accept)"
	exit 1
fi
