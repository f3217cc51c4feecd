#!/usr/bin/env python3
"""`qaudit calibrate` against the hand labels gives the figures accuracy.py prints.

Turns each corpus's labels (docs/LABELLING.md) into a grades file for the grader `gold`:
for every labelled session, every checkpoint the corpus does not leave unjudged is `fail`
when labelled `fire`, `pass` when not labelled, and has no row when labelled `unsure`. Runs
`qaudit calibrate` on it with the corpus's input options, and accuracy.py's audit and
comparison on the same sessions; per checkpoint, per corpus and pooled, calibration.csv's
qaudit fail / reference fail is right, qaudit fail / reference pass or na is wrong,
qaudit pass or na / reference fail is missed, and these must equal accuracy.py's counts,
as its precision and recall must equal right/(right+wrong) and right/(right+missed).
Exits 1 naming each difference, 77 (skipped) when the corpora are not beside the checkout.

usage: calibrate.py QAUDIT SHARED_DIR [--split tune|holdout|all]
"""
import csv
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import accuracy  # noqa: E402

# include/checkpoint.h, in report order.
CHECKPOINTS = [d + str(i) for d, n in (("R", 5), ("C", 7), ("S", 5), ("K", 8), ("A", 4))
               for i in range(1, n + 1)]


def write_grades(path, labels, unjudged):
    """Writes the gold answers; returns how many rows."""
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["session_id", "grader", "item", "value", "comment"])
        for session, verdicts in sorted(labels.items()):
            for rule in CHECKPOINTS:
                if rule in unjudged or verdicts.get(rule) == "unsure":
                    continue
                w.writerow([session, "gold", rule,
                            "fail" if verdicts.get(rule) == "fire" else "pass", ""])
                rows += 1
    return rows


def calibrate(qaudit, shared, corpus, labels, work):
    """{checkpoint or "all": ([right, wrong, missed], precision, recall)} of calibration.csv."""
    spec = accuracy.CORPORA[corpus]
    grades = os.path.join(work, corpus + "-grades.csv")
    out = os.path.join(work, corpus + "-calibration")
    if not write_grades(grades, labels, spec["unjudged"]):
        return {}  # no labelled session in this split (abcd's holdout): nothing to grade
    subprocess.run([qaudit, "calibrate", "-q", "-g", grades, "-o", out] + spec["args"] +
                   [accuracy.input_path(shared, corpus, work)], check=True)
    rows = {}
    with open(os.path.join(out, "calibration.csv"), newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["reference"] != "gold":
                continue
            n = {k: int(v) for k, v in row.items() if k.startswith("qaudit_")}
            rows[row["checkpoint"]] = (
                [n["qaudit_fail_reference_fail"],
                 n["qaudit_fail_reference_pass"] + n["qaudit_fail_reference_na"],
                 n["qaudit_pass_reference_fail"] + n["qaudit_na_reference_fail"]],
                row["precision"], row["recall"])
    return rows


def figure(a, b):
    return "" if not b else "%.3f" % (a / b)


def check(scope, theirs, ours, mismatches):
    """Compares calibrate's counts (theirs) with accuracy.py's (ours); returns table lines."""
    lines = ["%s" % scope, "| checkpoint | calibrate right/wrong/missed | accuracy.py "
             "right/wrong/missed | precision | recall |", "|---|---|---|---|---|"]
    rules = sorted(set(theirs) | set(ours) | {"all"}, key=lambda r: ("RCSKAa".index(r[0]), r))
    ours = dict(ours, all=[sum(c[i] for c in ours.values()) for i in range(3)])
    for rule in rules:
        got, precision, recall = theirs.get(rule, ([0, 0, 0], "", ""))
        want = ours.get(rule, [0, 0, 0])
        right, wrong, missed = want
        if got != want:
            mismatches.append("%s %s: calibrate %s, accuracy.py %s" % (scope, rule, got, want))
        for name, value, expected in (("precision", precision, figure(right, right + wrong)),
                                      ("recall", recall, figure(right, right + missed))):
            if value != expected:
                mismatches.append("%s %s: calibrate %s %r, accuracy.py %r" % (
                    scope, rule, name, value, expected))
        if got == want == [0, 0, 0] and rule != "all":
            continue  # graded, never failed by either: not worth a line
        lines.append("| %s | %s | %s | %s | %s |" % (
            rule, "/".join(map(str, got)), "/".join(map(str, want)), precision or "-",
            recall or "-"))
    return lines


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    qaudit, shared = argv[1], argv[2]
    split = argv[argv.index("--split") + 1] if "--split" in argv else "all"
    if not os.path.isdir(os.path.join(shared, "corpora")):
        print("realdata: skipped (no %s/corpora)" % shared)
        return accuracy.SKIPPED
    mismatches = []
    pooled_theirs, pooled_ours = {}, {}
    with tempfile.TemporaryDirectory() as work:
        for corpus, spec in accuracy.CORPORA.items():
            labels = accuracy.read_labels(corpus, split)
            theirs = calibrate(qaudit, shared, corpus, labels, work)
            ours = {}
            accuracy.compare(labels, accuracy.audit(qaudit, shared, corpus, work),
                             spec["unjudged"], ours)
            print("\n".join(check("%s (%s sessions)" % (corpus, split), theirs, ours,
                                  mismatches)) + "\n")
            for into, counts in ((pooled_theirs, {r: c[0] for r, c in theirs.items()}),
                                 (pooled_ours, ours)):
                for rule, c in counts.items():
                    into[rule] = [a + b for a, b in zip(into.get(rule, [0, 0, 0]), c)]
    pooled = {r: (c, figure(c[0], c[0] + c[1]), figure(c[0], c[0] + c[2]))
              for r, c in pooled_theirs.items()}
    print("\n".join(check("all (%s sessions)" % split, pooled, pooled_ours, mismatches)) + "\n")
    for m in mismatches:
        print("realdata: calibrate differs: " + m)
    if not mismatches:
        print("realdata: calibrate reproduces accuracy.py")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
