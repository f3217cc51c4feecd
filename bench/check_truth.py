#!/usr/bin/env python3
"""Compare a qaudit report with what gen_transcripts.py planned (--truth file).

    python3 bench/check_truth.py TRUTH.tsv REPORT_DIR [--examples N]

For every rule: findings in sessions built clean (unexpected), findings in sessions built
with that fault (expected), and planned faults that raised no finding of their rule (missed),
with a few example excerpts of the unexpected ones. Audit with --rate 1 so every session is
scored.
"""
import argparse
import collections
import csv
import os
import sys

# planned fault -> rules it is built to trip (first one is the main rule), and rules that may
# follow from it
EXPECT = {
    'R1': ({'R1'}, {'R4'}), 'R2': ({'R2'}, {'R4', 'C6'}), 'R3': ({'R3'}, {'R2', 'R4', 'C6'}),
    'C1': ({'C1'}, set()), 'C2': ({'C2'}, set()), 'C3': ({'C3'}, {'A1'}), 'C4': ({'C4'}, set()),
    'C5': ({'C5'}, set()), 'C6': ({'C6'}, set()), 'C6a': ({'C6'}, set()),
    'S1': ({'S1'}, {'S2', 'C2'}), 'S3': ({'S3'}, {'R2', 'R4', 'C6'}), 'XFER': ({'S3'}, {'S2', 'C6'}),
    'S4': ({'S4'}, set()), 'S5': ({'S5'}, set()),
    'A1': ({'A1'}, {'C3'}), 'A2': ({'A2'}, {'A1', 'C6'}), 'A3': ({'A3'}, set()), 'A4': ({'A4'}, {'A1'}),
    'K1': ({'K1'}, set()), 'K2': ({'K2'}, set()), 'K3': ({'K3'}, set()), 'K4': ({'K4'}, set()),
    'K5': ({'K5'}, {'C5'}), 'K7': ({'K7'}, set()),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('truth')
    ap.add_argument('report')
    ap.add_argument('--examples', type=int, default=3)
    a = ap.parse_args()

    truth = {}
    with open(a.truth, encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            faults = [x for x in row['faults'].split(',') if x]
            if row['csat'] in ('1', '2'):
                faults.append('S5')
            row['faults'] = faults
            row['traps'] = [x for x in row['traps'].split(',') if x]
            truth[row['session_id']] = row
    scored = set()
    with open(os.path.join(a.report, 'sessions.csv'), encoding='utf-8-sig') as f:
        for row in csv.DictReader(f):
            scored.add(row['session_id'])
    found = collections.defaultdict(list)  # sid -> [(rule, detail, excerpt)]
    with open(os.path.join(a.report, 'findings.csv'), encoding='utf-8-sig') as f:
        for row in csv.DictReader(f):
            found[row['session_id']].append((row['rule'], row['detail'], row['excerpt']))

    unexpected = collections.Counter()
    unexpected_by_trap = collections.defaultdict(collections.Counter)
    expected = collections.Counter()
    missed = collections.Counter()
    planned = collections.Counter()
    examples = collections.defaultdict(list)
    clean_sessions = clean_with_findings = 0
    for sid in scored:
        t = truth.get(sid)
        if t is None:
            continue
        allowed = set()
        for fl in t['faults']:
            main_rules, side = EXPECT.get(fl, (set(), set()))
            allowed |= main_rules | side
        rules_found = {r for r, _, _ in found[sid]}
        if not t['faults']:
            clean_sessions += 1
            if rules_found:
                clean_with_findings += 1
        for fl in t['faults']:
            if fl not in EXPECT:
                continue
            planned[fl] += 1
            if not (EXPECT[fl][0] & rules_found):
                missed[fl] += 1
                if len(examples['MISS ' + fl]) < a.examples:
                    examples['MISS ' + fl].append((sid, t['lang'], 'no finding', ''))
        for rule, detail, excerpt in found[sid]:
            if rule in allowed:
                expected[rule] += 1
            else:
                unexpected[rule] += 1
                key = ','.join(t['traps']) or '-'
                unexpected_by_trap[rule][key] += 1
                if len(examples[rule]) < a.examples:
                    examples[rule].append((sid, t['lang'], detail, excerpt))

    print('scored sessions %d; built clean %d, of which with a finding %d (%.1f%%)'
          % (len(scored), clean_sessions, clean_with_findings, 100.0 * clean_with_findings / max(1, clean_sessions)))
    print('%-5s %9s %9s %9s %9s   unexpected by trap' % ('rule', 'expected', 'unexpect', 'planned', 'missed'))
    rules = sorted(set(expected) | set(unexpected) | set(planned) | set(missed))
    for rule in rules:
        print('%-5s %9d %9d %9d %9d   %s' % (rule, expected[rule], unexpected[rule], planned[rule], missed[rule],
                                           dict(unexpected_by_trap[rule].most_common(4)) if unexpected[rule] else ''))
    print()
    for k in sorted(examples):
        for sid, lang, detail, excerpt in examples[k]:
            print('%-8s %s [%s] %s | %s' % (k, sid, lang, detail, excerpt))


if __name__ == '__main__':
    sys.exit(main())
