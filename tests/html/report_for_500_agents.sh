#!/bin/sh
# report.html for a team of about 500 agents, rendered in headless Chromium at 1280x900:
# the page is no wider than the window, no heading or label overflows its box (with every
# card opened), the ranking sorts when a heading is clicked, Chinese labels are drawn in a
# CJK font when the machine has one, and the file stays small.
# The input is samples/shop_zh.csv copied 72 times (7 agents each, 504 agents), every copy
# with its own agent, session and customer ids. Skipped (77) where Chromium is not
# installed; .ci/run installs it and fonts-noto-cjk.
set -u
QAUDIT=$1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHROMIUM=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
[ -n "$CHROMIUM" ] || { echo "chromium not installed: skipped"; exit 77; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/qaudit-html500.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
MAX_BYTES=1500000

awk -v copies=72 'NR == 1 { print; next } { row[++n] = $0 }
	END {
		for (k = 0; k < copies; k++)
			for (i = 1; i <= n; i++) {
				line = row[i]
				gsub(/KF10/, "KF" k "-", line)
				gsub(/S2026/, "S" k "x2026", line)
				gsub(/C1[0-9][0-9][0-9][0-9][0-9]/, "&x" k, line)
				print line
			}
	}' "$ROOT/samples/shop_zh.csv" >"$WORK/team.csv"
# A copy with a probe after the page's own script: it records what it measures as
# attributes of <body>, which --dump-dom prints.
cat >"$WORK/probe.js" <<'EOF'
(function () {
	var b = document.body, t = document.getElementById('ranking'), bad = [];
	var rows = function () { return t.tBodies[0].rows; };
	var head = function () {
		var h = t.tHead.rows[0].cells;
		for (var i = 0; i < h.length; i++)
			if (h[i].getAttribute('aria-sort')) return h[i];
	};
	document.querySelectorAll('details').forEach(function (d) { d.open = true; });
	b.setAttribute('data-width', document.documentElement.scrollWidth);
	b.setAttribute('data-window', window.innerWidth);
	document.querySelectorAll('h1, h2, h4, th, summary, .kpi b, .kpi span, .dims span, ' +
			'.bars span, .flag, #tools span').forEach(function (e) {
		if (getComputedStyle(e).display === 'inline') return;
		if ((e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) &&
				bad.length < 10)
			bad.push(e.tagName + ' ' + e.textContent.slice(0, 30));
	});
	b.setAttribute('data-overflow', bad.join(' | '));
	b.setAttribute('data-first', rows()[0].cells[0].textContent);
	b.setAttribute('data-first-score', rows()[0].cells[1].getAttribute('data-v'));
	head().click();
	b.setAttribute('data-sorted-first', rows()[0].cells[0].textContent);
	b.setAttribute('data-sorted-first-score', rows()[0].cells[1].getAttribute('data-v'));
	b.setAttribute('data-sorted-last-score', rows()[rows().length - 1].cells[1].getAttribute('data-v'));
	var f = document.getElementById('filter');
	f.value = rows()[0].cells[0].textContent;
	f.oninput();
	b.setAttribute('data-filtered', Array.prototype.filter.call(rows(), function (r) {
		return !r.hidden; }).length);
	/* Four CJK glyphs in a CJK font are four ems wide; missing glyphs are not. */
	var c = document.createElement('canvas').getContext('2d');
	c.font = '100px ' + getComputedStyle(document.querySelector('h1')).fontFamily;
	b.setAttribute('data-cjk-width', Math.round(c.measureText('客服质检').width));
})();
EOF
CHROME="timeout 180 $CHROMIUM --headless --no-sandbox --disable-gpu --disable-quic
	--no-first-run --disable-background-networking --disable-component-update --disable-sync
	--user-data-dir=$WORK/profile --window-size=1280,900 --hide-scrollbars"

attr() {
	sed -n "s/.*<body[^>]* $1=\"\([^\"]*\)\".*/\1/p" "$WORK/dom.html" | head -n 1
}

fail=0
for lang in zh en; do
	out=$WORK/$lang
	"$QAUDIT" audit -q --lang $lang -r "$ROOT/samples/rubric.ini" -o "$out" "$WORK/team.csv" ||
		exit 1
	agents=$(($(wc -l <"$out/agents.csv") - 1))
	bytes=$(wc -c <"$out/report.html")
	echo "$lang: $agents agents, report.html $bytes bytes"
	[ "$agents" -ge 500 ] || { echo "FAIL: only $agents agents in the input"; exit 1; }
	[ "$bytes" -le $MAX_BYTES ] || { echo "FAIL: report.html over $MAX_BYTES bytes"; fail=1; }
	sed "s|</body>|<script>$(tr '\n' ' ' <"$WORK/probe.js" | sed 's/[|&]/\\&/g')</script></body>|" \
		"$out/report.html" >"$out/probe.html"
	$CHROME --dump-dom "file://$out/probe.html" >"$WORK/dom.html" 2>"$WORK/chromium.log"
	width=$(attr data-width)
	[ -n "$width" ] || { echo "FAIL: the probe did not run"; cat "$WORK/chromium.log"; exit 1; }
	window=$(attr data-window)
	echo "$lang: page width $width, window $window"
	[ "$width" -le "$window" ] || { echo "FAIL: the page is wider than the window"; fail=1; }
	overflow=$(attr data-overflow)
	[ -z "$overflow" ] || { echo "FAIL: labels overflow their boxes: $overflow"; fail=1; }
	first=$(attr data-first)
	sorted=$(attr data-sorted-first)
	echo "$lang: first row $first ($(attr data-first-score)); after a click on the score" \
		"heading $sorted ($(attr data-sorted-first-score) ... $(attr data-sorted-last-score))"
	[ "$first" != "$sorted" ] || { echo "FAIL: a click on the score heading did not sort"; fail=1; }
	awk -v a="$(attr data-first-score)" -v b="$(attr data-sorted-first-score)" \
		-v c="$(attr data-sorted-last-score)" 'BEGIN { exit !(a + 0 <= b + 0 && b + 0 >= c + 0) }' ||
		{ echo "FAIL: not worst first, or not best first after the click"; fail=1; }
	filtered=$(attr data-filtered)
	[ "$filtered" = 1 ] || { echo "FAIL: filtering by one agent left $filtered rows"; fail=1; }
done

# The Chinese page as a person sees it first.
$CHROME --screenshot="$WORK/report.png" "file://$WORK/zh/report.html" >/dev/null 2>&1
test -s "$WORK/report.png" || { echo "FAIL: no screenshot"; fail=1; }
cjk=$(attr data-cjk-width)
if [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
	echo "warning: no CJK font installed (fc-list :lang=zh finds none): Chinese labels" \
		"are not checked (4 glyphs at 100px: ${cjk}px)"
elif [ "$cjk" -lt 396 ] || [ "$cjk" -gt 404 ]; then
	echo "FAIL: Chinese labels are not drawn in a CJK font (4 glyphs at 100px: ${cjk}px)"
	fail=1
else
	echo "Chinese labels in a CJK font (4 glyphs at 100px: ${cjk}px)"
fi
exit $fail
