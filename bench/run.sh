#!/usr/bin/env bash
# qaudit benchmark: bench/run.sh [SIZE]   (default 200M; RUNS=N runs per case, default 3)
#
# Builds the release binary if needed, generates bench/data/transcripts-SIZE.{csv,ndjson,csv.gz}
# if missing, then times on one core (taskset -c 0), with -j 1:
#   qaudit audit -q -o TMPDIR FILE     on the CSV, the NDJSON and the gzipped CSV (default rate),
#   qaudit audit -q --rate 1 ...       on the CSV,
#   python3 bench/baseline.py          on the CSV,
# and on two cores (taskset -c 0,1) with -j 2 the CSV, the NDJSON and the CSV at --rate 1;
# then (with GNU parallel) the CPU time of map on SHARDS parts (default 8) + merge against one
# audit (the cheapest of SHARD_ROUNDS rounds, default 3), and the partials' size;
# and prints the median wall time of RUNS runs, MB/s of uncompressed input, peak RSS
# (/usr/bin/time -v), RSS as a share of the input, and the -j 2 / -j 1 speed-ups.
# MB = 10^6 bytes.
# Exits non-zero if a build, a generation or a run fails.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
SIZE=${1:-200M}
RUNS=${RUNS:-3}
BUILD=$ROOT/build-rel
QAUDIT=$BUILD/qaudit
DATA=$ROOT/bench/data
SEED=1

die() { echo "bench: $*" >&2; exit 1; }
case $RUNS in ''|*[!0-9]*|0) die "RUNS must be a positive whole number";; esac
command -v taskset >/dev/null || die "taskset not found (util-linux)"
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"

mkdir -p "$DATA"
[ -f "$ROOT/bench/.gitignore" ] || printf 'data/\n__pycache__/\n' >"$ROOT/bench/.gitignore"
LOG=$DATA/build.log

# --- build -------------------------------------------------------------------------------------
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DQAUDIT_TESTS=OFF >"$LOG" 2>&1 ||
		{ cat "$LOG" >&2; die "cmake configure failed"; }
fi
cmake --build "$BUILD" -j2 >"$LOG" 2>&1 || { tail -30 "$LOG" >&2; die "build failed (log: $LOG)"; }
[ -x "$QAUDIT" ] || die "$QAUDIT not built"

# --- data --------------------------------------------------------------------------------------
CSV=$DATA/transcripts-$SIZE.csv
NDJSON=$DATA/transcripts-$SIZE.ndjson
GZ=$DATA/transcripts-$SIZE.csv.gz
if [ ! -f "$CSV" ]; then
	python3 bench/gen_transcripts.py --format csv --size "$SIZE" --seed $SEED -o "$CSV" || die "generating $CSV failed"
fi
if [ ! -f "$NDJSON" ]; then
	python3 bench/gen_transcripts.py --format ndjson --size "$SIZE" --seed $SEED -o "$NDJSON" || die "generating $NDJSON failed"
fi
if [ ! -f "$GZ" ] || [ "$GZ" -ot "$CSV" ]; then
	gzip -1 -c "$CSV" >"$GZ.tmp" && mv "$GZ.tmp" "$GZ" || die "compressing $CSV failed"
fi
size_of() { stat -c %s "$1"; }
CSV_BYTES=$(size_of "$CSV")
NDJSON_BYTES=$(size_of "$NDJSON")

# --- timing ------------------------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/qaudit-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# The cases run round-robin (each case once per round, RUNS rounds), so that a drift in the
# machine's speed (a shared host) touches every case alike.
CASES=()
declare -A CMD BYTES CPUS
add_case() { # add_case NAME INPUT_BYTES CPUS CMD...
	local name=$1
	CASES+=("$name")
	BYTES[$name]=$2
	CPUS[$name]=$3
	shift 3
	CMD[$name]=$(printf '%q ' "$@")
}

# run_once NAME ROUND: one timed run on core 0; appends "NAME<TAB>seconds<TAB>rss_kb" to $TMP/runs
run_once() {
	local name=$1 round=$2 secs rss
	rm -rf "$TMP/out"
	if ! eval "taskset -c ${CPUS[$name]} /usr/bin/time -v -o \"\$TMP/time\" ${CMD[$name]}" >"$TMP/stdout" 2>"$TMP/stderr"; then
		echo "bench: $name: run $round failed:" >&2
		tail -5 "$TMP/stderr" >&2
		tail -3 "$TMP/time" >&2 2>/dev/null || true
		exit 1
	fi
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; print s }' "$TMP/time")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TMP/time")
	printf '  round %d/%d  %-22s %7.2f s %8.1f MB\n' "$round" "$RUNS" "$name" "$secs" \
		"$(awk -v k="$rss" 'BEGIN { print k * 1024 / 1e6 }')" >&2
	printf '%s\t%s\t%s\n' "$name" "$secs" "$rss" >>"$TMP/runs"
}

REV=$(git -C "$ROOT" describe --always --dirty --abbrev=10 2>/dev/null || echo unknown)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "qaudit benchmark: size $SIZE, $RUNS runs per case, core 0 (-j 1) or cores 0,1 (-j 2)"
echo "machine: $(nproc) CPUs, ${CPU:-unknown CPU}, Linux $(uname -r)"
echo "qaudit:  $REV ($QAUDIT)"
printf 'inputs:  %s (%d bytes), %s (%d bytes), %s (%d bytes)\n' "${CSV#"$ROOT"/}" "$CSV_BYTES" \
	"${NDJSON#"$ROOT"/}" "$NDJSON_BYTES" "${GZ#"$ROOT"/}" "$(size_of "$GZ")"
: >"$TMP/runs"

add_case "qaudit csv" "$CSV_BYTES" 0 "$QAUDIT" audit -q -j 1 -o "$TMP/out" "$CSV"
add_case "qaudit ndjson" "$NDJSON_BYTES" 0 "$QAUDIT" audit -q -j 1 -o "$TMP/out" "$NDJSON"
add_case "qaudit csv.gz" "$CSV_BYTES" 0 "$QAUDIT" audit -q -j 1 -o "$TMP/out" "$GZ"
add_case "qaudit csv --rate 1" "$CSV_BYTES" 0 "$QAUDIT" audit -q -j 1 --rate 1 -o "$TMP/out" "$CSV"
add_case "baseline.py csv" "$CSV_BYTES" 0 python3 bench/baseline.py "$CSV"
if [ "$(nproc)" -ge 2 ]; then
	add_case "qaudit csv -j2" "$CSV_BYTES" 0,1 "$QAUDIT" audit -q -j 2 -o "$TMP/out" "$CSV"
	add_case "qaudit ndjson -j2" "$NDJSON_BYTES" 0,1 "$QAUDIT" audit -q -j 2 -o "$TMP/out" "$NDJSON"
	add_case "qaudit csv --rate 1 -j2" "$CSV_BYTES" 0,1 "$QAUDIT" audit -q -j 2 --rate 1 -o "$TMP/out" "$CSV"
fi

for ((round = 1; round <= RUNS; round++)); do
	for name in "${CASES[@]}"; do
		run_once "$name" "$round"
	done
done

# per case: median seconds, input bytes, largest peak RSS of its runs
: >"$TMP/results"
for name in "${CASES[@]}"; do
	awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$TMP/runs" | sort -g >"$TMP/s"
	med=$(awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' "$TMP/s")
	maxrss=$(awk -F'\t' -v n="$name" '$1 == n && $3 > m { m = $3 } END { print m }' "$TMP/runs")
	printf '%s\t%s\t%s\t%s\n' "$name" "$med" "${BYTES[$name]}" "$maxrss" >>"$TMP/results"
done

# --- report ------------------------------------------------------------------------------------
echo
awk -F'\t' '
BEGIN { printf "%-26s %10s %9s %14s %12s\n", "case", "median s", "MB/s", "peak RSS MB", "RSS % input" }
{
	mb = $3 / 1e6; rss = $4 * 1024 / 1e6
	printf "%-26s %10.2f %9.1f %14.1f %11.1f%%\n", $1, $2, ($2 > 0 ? mb / $2 : 0), rss, 100 * rss / mb
	t[$1] = $2
}
END {
	q = t["qaudit csv"]; b = t["baseline.py csv"]
	if (q > 0 && b > 0)
		printf "\nqaudit csv / baseline csv: time ratio %.2f (qaudit is %.2fx %s than the Python baseline)\n",
			q / b, (q < b ? b / q : q / b), (q < b ? "faster" : "slower")
	if (t["qaudit csv -j2"] > 0 && b > 0)
		printf "qaudit csv -j2 / baseline csv: qaudit is %.2fx faster\n", b / t["qaudit csv -j2"]
	n = split("qaudit csv|qaudit ndjson|qaudit csv --rate 1", base, "|")
	for (i = 1; i <= n; i++)
		if (t[base[i] " -j2"] > 0)
			printf "%s: -j 2 is %.2fx -j 1\n", base[i], t[base[i]] / t[base[i] " -j2"]
}' "$TMP/results"

# --- shards ------------------------------------------------------------------------------------
# The audit in SHARDS parts, each mapped through GNU parallel, then merged: total CPU time (user
# + sys, every process) against one process auditing the same parts, and the partials' size
# against the input (docs/SCALE.md). Every step may run on cores 0 and 1: on a VM one core can
# be far slower than the other for minutes (the same audit took 3.2 s of CPU on core 0 and 1.8
# s on core 1), so a step pinned to one core would weigh that core, not the step. Two kinds of
# parts: CSV, rows routed by session as an engine would (bench/route_csv.py, kept in
# bench/data), and the canonical NDJSON of `qaudit split`. Needs GNU parallel.
SHARDS=${SHARDS:-8}
cpu_of() { # cpu_of CPUS CMD...: runs it, prints user + sys seconds of it and its children
	local cpus=$1
	shift
	taskset -c "$cpus" /usr/bin/time -f '%U %S' -o "$TMP/cpu" "$@" >/dev/null 2>"$TMP/stderr" ||
		{ tail -5 "$TMP/stderr" >&2; die "$*: failed"; }
	awk '{ printf "%.2f", $1 + $2 }' "$TMP/cpu"
}
# The lesser of two numbers, the first possibly empty.
least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
# shard_run NAME PARTS...: one audit of the parts, then map of each + merge, SHARD_ROUNDS
# times in turn (so that a machine slowing down weighs on each alike), the cheapest of each
# kept; prints the ratio.
SHARD_ROUNDS=${SHARD_ROUNDS:-3}
shard_run() {
	local name=$1 parts_cpu='' map_cpu='' merge_cpu='' partial_bytes r
	shift
	for ((r = 0; r < SHARD_ROUNDS; r++)); do
		parts_cpu=$(least "$parts_cpu" "$(cpu_of 0,1 "$QAUDIT" audit -q -j 1 -o "$TMP/a-parts" "$@")")
		rm -rf "$TMP/parts"
		map_cpu=$(least "$map_cpu" "$(cpu_of 0,1 sh -c "printf '%s\n' $* |
			parallel --will-cite -j 2 '$QAUDIT' map -q -j 1 -o '$TMP'/parts/{/.}.qap {}")")
		merge_cpu=$(least "$merge_cpu" "$(cpu_of 0,1 "$QAUDIT" merge -q -o "$TMP/merged" "$TMP"/parts/*.qap)")
	done
	diff -r "$TMP/a-parts/current" "$TMP/merged/current" >/dev/null ||
		die "$name: the merged report differs from the audit of the parts"
	partial_bytes=$(cat "$TMP"/parts/*.qap | wc -c)
	awk -v n="$name" -v p="$parts_cpu" -v m="$map_cpu" -v g="$merge_cpu" -v pb="$partial_bytes" \
		-v cb="$CSV_BYTES" -v c="$csv_cpu" -v r="$SHARD_ROUNDS" 'BEGIN {
		printf "%s (the cheapest of %d rounds):\n", n, r
		printf "  %-38s %8.2f s CPU\n", "audit of the parts, one process", p
		printf "  %-38s %8.2f s CPU\n", "map of every part", m
		printf "  %-38s %8.2f s CPU\n", "merge", g
		printf "  map + merge / audit of the parts: %.2f (%+.0f%%); / audit of the CSV: %.2f\n",
			(m + g) / p, 100 * ((m + g) / p - 1), (m + g) / c
		printf "  partials: %d bytes, %.2f%% of the CSV\n", pb, 100 * pb / cb
	}'
	rm -rf "$TMP/parts" "$TMP/a-parts" "$TMP/merged"
}
if command -v parallel >/dev/null; then
	echo
	echo "shards: $SHARDS parts of ${CSV#"$ROOT"/}, mapped with GNU parallel -j 2"
	ROUTED=$DATA/shards-$SIZE-$SHARDS
	if [ ! -d "$ROUTED" ] || [ "$ROUTED" -ot "$CSV" ]; then
		rm -rf "$ROUTED"
		python3 bench/route_csv.py "$SHARDS" "$CSV" "$ROUTED.tmp" && mv "$ROUTED.tmp" "$ROUTED" ||
			die "routing $CSV into shards failed"
	fi
	csv_cpu=$(cpu_of 0,1 "$QAUDIT" audit -q -j 1 -o "$TMP/a-csv" "$CSV")
	printf "%-40s %8.2f s CPU\n" "audit of the CSV, one process" "$csv_cpu"
	shard_run "CSV parts, rows routed by session" "$ROUTED"/part-*.csv
	split_cpu=$(cpu_of 0,1 "$QAUDIT" split -q -P "$SHARDS" -o "$TMP/shards" "$CSV")
	printf "%-40s %8.2f s CPU\n" "qaudit split into NDJSON parts" "$split_cpu"
	shard_run "NDJSON parts of qaudit split" "$TMP"/shards/part-*.ndjson
	rm -rf "$TMP/shards" "$TMP/a-csv"
fi
