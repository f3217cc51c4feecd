#!/bin/sh
# report.html renders in headless Chromium with a card and a ranking row for every agent of
# agents.csv, and fetches nothing: no external script, font, image or style sheet (its one
# script is inline), and every link points inside the page.
# Skipped (77) where Chromium is not installed; .ci/run installs it.
set -u
QAUDIT=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
[ -n "$CHROMIUM" ] || { echo "chromium not installed: skipped"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qaudit-html.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

cd "$ROOT" || exit 1
for lang in zh en; do
	"$QAUDIT" audit -q --lang $lang -r samples/rubric.ini -o "$WORK/$lang" \
		samples/shop_zh.csv samples/support_en.json samples/store_tw.ndjson || exit 1
	if grep -Eq '<script[^>]|<link|<img|<iframe|<object|<embed|@import|url\(|src=|href="[^#]' \
		"$WORK/$lang/report.html"
	then
		echo "FAIL: report.html ($lang) refers to outside resources"
		exit 1
	fi
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$WORK/profile" --dump-dom \
		"file://$WORK/$lang/report.html" >"$WORK/dom.html" 2>"$WORK/chromium.log"
	grep -q '<details class="card"' "$WORK/dom.html" || {
		echo "FAIL: Chromium rendered no agent card ($lang)"
		cat "$WORK/chromium.log"
		exit 1
	}
	missing=0
	tail -n +2 "$WORK/$lang/agents.csv" | cut -d, -f1 >"$WORK/agents"
	while read -r agent; do
		grep -q "data-agent=\"$agent\"" "$WORK/dom.html" || {
			echo "FAIL: agent $agent has no card in the rendered DOM ($lang)"
			missing=1
		}
		grep -q "\">$agent</a></td>" "$WORK/dom.html" || {
			echo "FAIL: agent $agent has no row in the ranking ($lang)"
			missing=1
		}
	done <"$WORK/agents"
	[ "$missing" = 0 ] || exit 1
	echo "$lang: $(wc -l <"$WORK/agents") agents rendered"
done
