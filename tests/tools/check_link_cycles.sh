#!/bin/sh
# Fails when the ingest objects (ingest*, reader*, preset*) of qaudit_core form a link
# cycle, that is when a chain of "A uses a symbol that B defines" leads from an object
# back to itself; prints the cycle. Usage: check_link_cycles.sh BUILD_DIR
set -eu

dir=${1:?usage: check_link_cycles.sh BUILD_DIR}/CMakeFiles/qaudit_core.dir/src
NM=${NM:-nm}
list=$(mktemp)
trap 'rm -f "$list"' EXIT INT TERM

found=0
for o in "$dir"/ingest*.o "$dir"/reader*.o "$dir"/preset*.o; do
	[ -f "$o" ] || continue
	found=1
	name=$(basename "$o" .c.o)
	"$NM" --defined-only -g "$o" | awk -v n="$name" 'NF >= 3 { print "def", n, $3 }'
	"$NM" -u "$o" | awk -v n="$name" 'NF >= 2 { print "use", n, $2 }'
done >"$list"
if [ "$found" = 0 ]; then
	echo "check_link_cycles: no ingest objects in $dir" >&2
	exit 2
fi

awk '
$1 == "def" { owner[$3] = $2; node[$2] = 1 }
$1 == "use" { uses[++n] = $2 " " $3; node[$2] = 1 }
END {
	for (i = 1; i <= n; i++) {
		split(uses[i], u, " ")
		b = owner[u[2]]
		if (b != "" && b != u[1] && !((u[1], b) in edge)) {
			edge[u[1], b] = u[2]
			out[u[1]] = out[u[1]] " " b
		}
	}
	for (v in node)
		if (!color[v] && visit(v)) {
			print "link cycle among the ingest objects (A -> B: A uses what B defines):"
			for (i = 1; i < depth_at_cycle_end; i++)
				printf "  %s -> %s (%s)\n", path[i], path[i + 1], edge[path[i], path[i + 1]]
			exit 1
		}
	print "no link cycle among " length(node) " ingest objects"
}
# Depth-first search; on a back edge, path[1..depth_at_cycle_end] holds the cycle.
function visit(v,    k, m, next_of, w, d, i) {
	color[v] = 1
	stack[++sp] = v
	m = split(out[v], next_of, " ")
	for (k = 1; k <= m; k++) {
		w = next_of[k]
		if (color[w] == 1) {
			for (i = sp; stack[i] != w; i--)
				;
			d = 0
			for (; i <= sp; i++)
				path[++d] = stack[i]
			path[++d] = w
			depth_at_cycle_end = d
			return 1
		}
		if (!color[w] && visit(w))
			return 1
	}
	color[v] = 2
	sp--
	return 0
}' "$list"
