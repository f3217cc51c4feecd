#!/usr/bin/env python3
"""Which sessions of a corpus were drawn for labelling (docs/LABELLING.md).

The ids are those qaudit scores in `qaudit audit --rate 1` of the corpus (sessions.csv,
first column), sorted; they are shuffled with Python's random.Random(20261205) and the first
N taken: 165 of twcs, 66 of CrossWOZ, all 3 of ABCD. Every third drawn session (position
i % 3 == 2) is held out: it is never looked at while tuning, only measured.

usage: draw.py N SESSIONS_CSV   prints "session_id split", one per line, in draw order
"""
import csv
import random
import sys

SEED = 20261205


def draw(ids, n):
    ids = sorted(ids)
    random.Random(SEED).shuffle(ids)
    return [(sid, "holdout" if i % 3 == 2 else "tune") for i, sid in enumerate(ids[:n])]


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(argv[2], newline="", encoding="utf-8-sig") as f:
        ids = [row["session_id"] for row in csv.DictReader(f)]
    for sid, split in draw(ids, int(argv[1])):
        print(sid, split)


if __name__ == "__main__":
    main(sys.argv)
