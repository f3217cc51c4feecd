#!/bin/sh
# Fuzzes every target (or the ones named) for SECONDS each with libFuzzer, seeded from the
# samples, the test fixtures and the regression inputs. Builds build-fuzz/ with clang first.
# A crash leaves its input in build-fuzz/findings/TARGET/ and makes the exit status 1.
#   tests/fuzz/run.sh 60            # every target, one minute each (CI runs 20 s each)
#   tests/fuzz/run.sh 1800 csv json # half an hour each for two targets
set -u
cd "$(dirname "$0")/../.." || exit 1
seconds=${1:-60}
shift 2>/dev/null
targets=${*:-csv json encoding time rubric phrases mask grades partial}
build=build-fuzz

if [ ! -f $build/CMakeCache.txt ]; then
	CC=clang cmake -S . -B $build -DQAUDIT_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		>/dev/null || exit 1
fi
cmake --build $build -j2 >/dev/null || { echo "fuzz build failed"; exit 1; }

status=0
for t in $targets; do
	corpus=$build/corpus/$t findings=$build/findings/$t
	mkdir -p "$corpus" "$findings"
	# Seeds are copied, so a run's discoveries stay out of the source tree.
	sh tests/fuzz/seeds.sh "$t" | while read -r f; do cp "$f" "$corpus/"; done
	echo "fuzz $t: ${seconds}s"
	# Compiling a phrase list into a Vectorscan database takes a second or more under ASan on
	# a loaded machine: the phrases target gets longer before an input counts as a hang.
	timeout=10
	[ "$t" = phrases ] && timeout=60
	# One untimed run first compiles the phrase database into the cache: on a busy machine
	# that can take longer than -timeout, which would stop the run at its first input.
	: >"$build/empty-input"
	QAUDIT_FUZZING=1 QAUDIT_CACHE_DIR=$build/phrase-cache $build/tests/fuzz/fuzz_$t \
		-timeout=0 "$build/empty-input" >/dev/null 2>&1
	if ! ASAN_OPTIONS=detect_leaks=1 QAUDIT_FUZZING=1 QAUDIT_CACHE_DIR=$build/phrase-cache $build/tests/fuzz/fuzz_$t \
		-max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=16384 \
		-artifact_prefix="$findings/" -print_final_stats=1 "$corpus" \
		>"$build/fuzz-$t.log" 2>&1; then
		echo "fuzz $t: FAILED, see $build/fuzz-$t.log and $findings/"
		tail -n 40 "$build/fuzz-$t.log"
		status=1
	else
		grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz-$t.log" |
			sed "s/^/fuzz $t: /"
	fi
done
exit $status
