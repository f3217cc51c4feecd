#!/usr/bin/env bash
# bench/shard_instructions.sh [SIZE]   (default 1G; SHARDS=N parts, default 8)
#
# The cost of auditing in shards, counted in instructions, which a busy or shared host does
# not change (CPU seconds on this VM swing up to 1.75x for the same run): valgrind's
# callgrind counts the user-space instructions of one audit of the CSV parts
# bench/data/shards-SIZE-SHARDS (bench/run.sh makes them), of a map of each part and of the
# merge of their partials, and prints (maps + merge) / audit. What it leaves out: the
# kernel's share (reading, page faults) and GNU parallel's, which bench/run.sh's CPU times
# hold. Runs two processes at a time; at 1 GB about 25 minutes on two cores.
# Exits non-zero if a run fails or the merged report differs from the audit's.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SIZE=${1:-1G}
SHARDS=${SHARDS:-8}
QAUDIT=${QAUDIT:-$ROOT/build-rel/qaudit} # QAUDIT=path: another binary, to compare
PARTS=$ROOT/bench/data/shards-$SIZE-$SHARDS

die() { echo "shard_instructions: $*" >&2; exit 1; }
command -v valgrind >/dev/null || die "valgrind not found (apt-get install valgrind)"
command -v parallel >/dev/null || die "GNU parallel not found (apt-get install parallel)"
[ -x "$QAUDIT" ] || die "$QAUDIT not built (bench/run.sh builds it)"
[ -d "$PARTS" ] || die "$PARTS missing (bench/run.sh $SIZE routes the CSV into it)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/qaudit-instr.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
mkdir "$TMP/parts"

# count NAME CMD...: runs CMD under callgrind, leaves its instruction count in $TMP/NAME.ir
count() {
	local name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null \
		2>"$TMP/$name.log" || { tail -5 "$TMP/$name.log" >&2; die "$name: failed"; }
	sed -n 's/.*I *refs: *//p' "$TMP/$name.log" | tr -d , >"$TMP/$name.ir"
}
export -f count die
export TMP QAUDIT

# The audit first: it is the longest, and the maps share the other core meanwhile.
{
	echo "count audit $QAUDIT audit -q -j 1 -o $TMP/audit $PARTS/part-*.csv"
	for part in "$PARTS"/part-*.csv; do
		name=$(basename "$part" .csv)
		echo "count $name $QAUDIT map -q -j 1 -o $TMP/parts/$name.qap $part"
	done
} | parallel --will-cite -j 2 --halt now,fail=1
count merge "$QAUDIT" merge -q -o "$TMP/merged" "$TMP"/parts/*.qap
diff -r "$TMP/audit/current" "$TMP/merged/current" >/dev/null ||
	die "the merged report differs from the audit of the parts"

REV=$(git -C "$ROOT" describe --always --dirty --abbrev=10 2>/dev/null || echo unknown)
echo "$QAUDIT (checkout $REV), $SHARDS parts of bench/data/transcripts-$SIZE.csv, instructions (callgrind):"
audit=$(cat "$TMP/audit.ir")
maps=$(cat "$TMP"/part-*.ir | awk '{ s += $1 } END { printf "%.0f", s }')
merge=$(cat "$TMP/merge.ir")
awk -v a="$audit" -v m="$maps" -v g="$merge" -v n="$SHARDS" 'BEGIN {
	printf "  %-34s %16.0f\n", "audit of the parts, one process", a
	printf "  %-34s %16.0f  (%.0f a part)\n", "map of every part", m, m / n
	printf "  %-34s %16.0f\n", "merge", g
	printf "  map + merge / audit of the parts: %.3f (%+.1f%%)\n", (m + g) / a, 100 * ((m + g) / a - 1)
}'
