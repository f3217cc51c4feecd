#!/bin/sh
# Prints what runs left in the report directory DIR beyond the report: hidden names other
# than .qaudit-runs and .qaudit.lock (temporary files and links), and in .qaudit-runs every
# entry but the current run, the previous one and the `previous` link. Prints nothing for a
# clean directory. Usage: report_debris.sh DIR
dir=${1:?usage: report_debris.sh DIR}
current=$(readlink "$dir/current" 2>/dev/null)
current=${current#.qaudit-runs/}
previous=$(readlink "$dir/.qaudit-runs/previous" 2>/dev/null)
ls -A "$dir" | grep '^\.' | grep -v -x -e .qaudit-runs -e .qaudit.lock | sed 's|^|left: |'
[ -d "$dir/.qaudit-runs" ] || exit 0
ls -A "$dir/.qaudit-runs" | grep -v -x -e previous -e "${current:-/}" -e "${previous:-/}" |
	sed 's|^|left: .qaudit-runs/|'
exit 0
