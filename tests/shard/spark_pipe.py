#!/usr/bin/env python3
"""The Spark recipe of docs/SCALE.md, run in local mode: records keyed by session id and
routed to partitions (each session's records in input order), every partition piped into
`qaudit map` on standard input, then `qaudit merge`. The report must agree with `qaudit audit`
of the same export on every file that does not name the inputs (agents.csv, sessions.csv,
findings.csv, timeliness.csv): the partitions are the merge's inputs.

    spark_pipe.py QAUDIT        (exit 77 when pyspark is not installed: it is not in Debian)

--rate 1 makes every session a candidate of its shard, so no merge asks for more sessions:
a partition's records exist only inside the Spark job, where a driver cannot map them again."""
import filecmp
import os
import shutil
import stat
import subprocess
import sys
import tempfile

try:
    from pyspark import SparkContext
except ImportError:
    print('pyspark is not installed: skipped')
    sys.exit(77)

WRAPPER = '''#!/bin/sh
# qaudit-map-stdin: one partition's NDJSON records on stdin -> a partial in $PARTS
tmp=$(mktemp) && cat >"$tmp"
[ -s "$tmp" ] && %(qaudit)s map -q --rate 1 -o "$PARTS/$(hostname)-$$.qap" "$tmp" &&
\techo "$PARTS/$(hostname)-$$.qap"
rm -f "$tmp"
'''
SAME = ['agents.csv', 'sessions.csv', 'findings.csv', 'timeliness.csv']


def main():
    qaudit = os.path.abspath(sys.argv[1])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    work = tempfile.mkdtemp(prefix='qaudit-spark-')
    chats, parts = os.path.join(work, 'chats.ndjson'), os.path.join(work, 'parts')
    os.mkdir(parts)
    subprocess.run([sys.executable, os.path.join(root, 'bench', 'gen_transcripts.py'),
                    '--format', 'ndjson', '--seed', '12', '--size', '2M', '--agents', '12',
                    '-o', chats], check=True, capture_output=True)
    wrapper = os.path.join(work, 'qaudit-map-stdin')
    with open(wrapper, 'w') as f:
        f.write(WRAPPER % {'qaudit': qaudit})
    os.chmod(wrapper, stat.S_IRWXU)

    import json
    from pyspark.rdd import portable_hash
    sc = SparkContext('local[2]', 'qaudit-spark-pipe')
    try:
        lines = sc.textFile(chats)
        # Keyed by (session, line) and sorted in each partition: a session's records stay
        # together and in input order, which a plain partitionBy does not promise.
        keyed = lines.zipWithIndex().map(
            lambda li: ((json.loads(li[0])['session_id'], li[1]), li[0]))
        routed = keyed.repartitionAndSortWithinPartitions(
            8, partitionFunc=lambda key: portable_hash(key[0]))
        partials = routed.values().pipe('env PARTS=%s %s' % (parts, wrapper)).collect()
    finally:
        sc.stop()

    subprocess.run([qaudit, 'audit', '-q', '--rate', '1', '-o', os.path.join(work, 'audit'),
                    chats], check=True)
    subprocess.run([qaudit, 'merge', '-q', '--rate', '1', '-o', os.path.join(work, 'merged')]
                   + sorted(partials), check=True)
    for name in SAME:
        a = os.path.join(work, 'audit', name)
        b = os.path.join(work, 'merged', name)
        if not filecmp.cmp(a, b, shallow=False):
            sys.exit('FAIL: %s differs; kept in %s' % (name, work))
    print('%d partitions: %s as the audit' % (len(partials), ', '.join(SAME)))
    shutil.rmtree(work)


if __name__ == '__main__':
    main()
