#!/bin/sh
# Prints every entry under DIR, hidden ones included, sorted: a link with its target, a file
# with its checksum, a directory with a slash; two snapshots are equal when nothing changed.
# Usage: report_snapshot.sh DIR
cd "${1:?usage: report_snapshot.sh DIR}" || exit 1
find . -exec sh -c '
	for p; do
		if [ -L "$p" ]; then echo "$p -> $(readlink "$p")"
		elif [ -f "$p" ]; then echo "$p $(cksum <"$p")"
		else echo "$p/"; fi
	done' _ {} + | LC_ALL=C sort
