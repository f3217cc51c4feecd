#!/bin/sh
# The GNU parallel recipes of docs/SCALE.md, run as written: split, map every part on two
# jobs, merge; then the same over --sshlogin, with an ssh that runs the command on this
# machine in another directory, so the parts travel there (--transferfile) and the partials
# back (--return). Each report must be the audit of the parts, byte for byte.
#   gnu_parallel.sh QAUDIT        (exit 77: GNU parallel or rsync is not installed)
set -u
Q=$1
# GNU parallel builds its remote commands for $SHELL; CI runners may leave it unset, and
# parallel's guess (the parent process) then writes commands the remote sh cannot run.
export SHELL=/bin/sh
for tool in parallel rsync; do
	command -v $tool >/dev/null || { echo "$tool is not installed: skipped"; exit 77; }
done
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/qaudit-parallel.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 1
fail() {
	echo "FAIL: $*"
	exit 1
}

python3 "$root/bench/gen_transcripts.py" --seed 11 --size 2M --agents 12 -o chats.csv \
	2>/dev/null || fail "generator"
"$Q" split -q -P 6 -o shards chats.csv || fail "split"
"$Q" audit -q -o audit shards/part-*.ndjson || fail "audit"

# Merges, mapping again what a merge asks for (exit 5), as docs/SCALE.md does.
merge() {
	out=$1
	shift
	"$Q" merge -q -o "$out" parts/*.qap >refine.tsv
	status=$?
	if [ $status -eq 5 ]; then
		cut -f1 refine.tsv | sort -u | sed 's|^parts/\(.*\)\.qap$|shards/\1.ndjson|' |
			parallel --will-cite "$Q" map -q --sessions refine.tsv -o parts/{/.}.qap {} "$@"
		"$Q" merge -q -o "$out" parts/*.qap
		status=$?
	fi
	[ $status -eq 0 ] || fail "merge into $out: exit $status"
	diff -r audit/current "$out/current" >/dev/null || fail "$out differs from the audit"
	echo "$out: the audit of the parts"
}

ls shards/part-*.ndjson | parallel --will-cite -j 2 "$Q" map -q -j 1 -o parts/{/.}.qap {} ||
	fail "map on this machine"
merge local

# An ssh that drops its options and the host and runs the command here (in the job's own
# --workdir ..., where parallel sends the part).
cat >ssh <<'SSH'
#!/bin/sh
while [ $# -gt 0 ]; do
	case $1 in
	-l | -p | -o | -i | -F) shift 2 ;;
	-*) shift ;;
	*) shift; [ "${1:-}" = -- ] && shift; break ;;
	esac
done
exec sh -c "$*"
SSH
chmod +x ssh
rm -rf parts
# The parts are links into the split's run: rsync must send what they point to (-L).
ls shards/part-*.ndjson |
	PARALLEL_RSYNC_OPTS=-rLDzR parallel --will-cite --ssh "$work/ssh" -S 2/host1,1/host2 \
		--workdir ... --transferfile {} --return parts/{/.}.qap --cleanup \
		"$Q" map -q -j 1 -o parts/{/.}.qap {} || fail "map over ssh"
[ "$(ls parts/*.qap | wc -l)" -eq 6 ] || fail "not every partial came back"
merge sshlogin
