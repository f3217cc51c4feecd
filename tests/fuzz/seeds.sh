#!/bin/sh
# Prints the seed inputs of a fuzz target, one path per line: the project's own samples and
# fixtures, and every regression input found so far (tests/fuzz/regressions/TARGET/).
# Run from the repository root.
case $1 in
csv) ls samples/*.csv samples/exports/*.csv tests/cli/*/input.csv tests/cli/same_sample_whatever_the_layout/*.csv ;;
json) ls samples/*.json samples/*.ndjson samples/exports/*.json tests/cli/map_reads_any_json_layout/*.json tests/cli/same_sample_whatever_the_layout/same.* ;;
encoding) ls tests/fuzz/seeds/encoding/* ;;
time) ls tests/fuzz/seeds/time/* ;;
rubric) ls src/rubric_default.ini samples/rubric.ini samples/rubric_social.ini tests/cli/rubric_check_reports_file_and_line/*.ini ;;
phrases) ls phrase_lists/*.txt ;;
mask) ls tests/cli/personal_data_fixture_never_leaks/input.csv samples/shop_zh.csv tests/fuzz/seeds/mask/* ;;
grades) ls tests/cli/calibrate_against_two_graders_and_gold/*.csv ;;
partial) ls tests/fuzz/seeds/partial/* ;;
*) echo "seeds.sh: unknown target '$1'" >&2; exit 2 ;;
esac
[ -d "tests/fuzz/regressions/$1" ] && find "tests/fuzz/regressions/$1" -type f | sort
exit 0
