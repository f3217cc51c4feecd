#!/usr/bin/env python3
"""Cuts a CSV export into N CSV shards, every session whole in one shard (the row's first
column is its session), as an engine routing rows by session key would: for the benchmark
of map and merge on shards in the input's own format.

    route_csv.py N INPUT.csv OUTDIR     writes OUTDIR/part-000.csv ... with INPUT's header
"""
import csv
import os
import sys
import zlib


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip())
    parts, src, outdir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    names = [os.path.join(outdir, 'part-%03d.csv' % i) for i in range(parts)]
    outs = [open(n + '.tmp', 'w', encoding='utf-8', newline='', buffering=1 << 20) for n in names]
    writers = [csv.writer(o, lineterminator='\n') for o in outs]
    with open(src, encoding='utf-8', newline='') as f:
        rows = csv.reader(f)
        header = next(rows)
        for w in writers:
            w.writerow(header)
        for row in rows:
            writers[zlib.crc32(row[0].encode()) % parts].writerow(row)
    for o, n in zip(outs, names):
        o.close()
        os.replace(n + '.tmp', n)


if __name__ == '__main__':
    main()
