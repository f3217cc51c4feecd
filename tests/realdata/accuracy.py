#!/usr/bin/env python3
"""How far qaudit's findings agree with a careful grader on real transcripts.

Audits each public corpus as a user would (every session, no rubric flag), then compares
findings.csv with the hand labels in this folder (docs/LABELLING.md): per checkpoint, a
finding on a labelled session is right when the grader marked that checkpoint `fire`,
wrong when the grader did not; a `fire` label with no finding is a miss; `unsure` labels
and the checkpoints a corpus cannot show (its `unjudged` list) count for neither.
Prints the table; exits 1 when a figure falls below its floor in floors.csv, 77 (skipped)
when the corpora are not beside the checkout.

usage: accuracy.py QAUDIT SHARED_DIR [--split tune|holdout|all] [--no-floors]
"""
import csv
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SKIPPED = 77

# How each corpus is audited (docs/FORMATS.md), and what its labels leave unjudged: no
# times (R1 R2 R4), one thread alone (S4), data the corpus lacks (C7 facts, K6
# competitors, S5 ratings), or a class where the checkpoint does not exist (K8 off social).
CORPORA = {
    "twcs": {
        "input": "corpora/twcs/twcs_first5000.csv",
        "args": [],
        "unjudged": {"S4", "C7", "K6", "S5"},
    },
    "crosswoz": {
        "input": "corpora/crosswoz/test.json.zip",
        "args": ["--map", "session=@key,agent=sys-usr.0", "--roles", "agent=sys,customer=usr"],
        "unjudged": {"R1", "R2", "R4", "S4", "C7", "K6", "K8"},
    },
    "abcd": {
        "input": "corpora/abcd/abcd_sample.json",
        "args": ["--map", "session=convo_id,messages=original,role=0,text=1", "--roles",
                 "system=action"],
        "unjudged": {"R1", "R2", "R4", "S4", "C7", "K6", "K8"},
    },
}


def read_labels(corpus, split):
    """{session: {checkpoint: verdict}} of the labelled sessions in the split."""
    sessions = {}
    with open(os.path.join(HERE, corpus + ".csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if split != "all" and row["split"] != split:
                continue
            verdicts = sessions.setdefault(row["session_id"], {})
            if row["checkpoint"] != "-":
                verdicts[row["checkpoint"]] = row["verdict"]
    return sessions


def input_path(shared, corpus, work):
    """The corpus's input file, unzipped into work when it is a zip."""
    path = os.path.join(shared, CORPORA[corpus]["input"])
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            name = z.namelist()[0]
            z.extract(name, work)
        path = os.path.join(work, name)
    return path


def audit(qaudit, shared, corpus, work):
    spec = CORPORA[corpus]
    path = input_path(shared, corpus, work)
    out = os.path.join(work, corpus)
    subprocess.run([qaudit, "audit", "-q", "--rate", "1", "-o", out] + spec["args"] + [path],
                   check=True)
    found = {}
    with open(os.path.join(out, "findings.csv"), newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            found.setdefault(row["session_id"], set()).add(row["rule"])
    return found


def compare(labels, found, unjudged, counts):
    """Adds [right, wrong, missed] per checkpoint into counts."""
    for session, verdicts in labels.items():
        fired = found.get(session, set())
        for rule in fired | set(verdicts):
            if rule in unjudged or verdicts.get(rule) == "unsure":
                continue
            c = counts.setdefault(rule, [0, 0, 0])
            if rule in fired:
                c[0 if verdicts.get(rule) == "fire" else 1] += 1
            else:
                c[2] += 1


def ratio(a, b):
    return a / b if b else None


def show(x):
    return "-" if x is None else "%.2f" % x


def table(title, counts):
    lines = ["%s" % title, "| checkpoint | labels | findings | right | precision | recall |",
             "|---|---|---|---|---|---|"]
    total = [0, 0, 0]
    for rule in sorted(counts, key=lambda r: ("RCSKA".index(r[0]), r)):
        right, wrong, missed = counts[rule]
        total = [total[0] + right, total[1] + wrong, total[2] + missed]
        lines.append("| %s | %d | %d | %d | %s | %s |" % (
            rule, right + missed, right + wrong, right, show(ratio(right, right + wrong)),
            show(ratio(right, right + missed))))
    right, wrong, missed = total
    lines.append("| all | %d | %d | %d | %s | %s |" % (
        right + missed, right + wrong, right, show(ratio(right, right + wrong)),
        show(ratio(right, right + missed))))
    return lines, total


def read_floors():
    floors = []
    with open(os.path.join(HERE, "floors.csv"), newline="") as f:
        for row in csv.DictReader(f):
            floors.append((row["scope"], row["metric"], float(row["floor"])))
    return floors


def check_floors(by_scope, floors):
    failed = []
    for scope, metric, floor in floors:
        counts = by_scope.get(scope)
        if counts is None:
            continue
        for rule, (right, wrong, missed) in counts.items():
            if scope == "all" and metric == "checkpoint_precision":
                if right + wrong and right + missed >= 5 and right / (right + wrong) < floor:
                    failed.append("%s precision %.2f < %.2f" % (rule, right / (right + wrong),
                                                                  floor))
        if metric in ("precision", "recall"):
            right, wrong, missed = [sum(c[i] for c in counts.values()) for i in range(3)]
            value = ratio(right, right + wrong) if metric == "precision" else ratio(
                right, right + missed)
            if value is not None and value < floor:
                failed.append("%s %s %.2f < %.2f" % (scope, metric, value, floor))
    return failed


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    qaudit, shared = argv[1], argv[2]
    split = argv[argv.index("--split") + 1] if "--split" in argv else "all"
    if not os.path.isdir(os.path.join(shared, "corpora")):
        print("realdata: skipped (no %s/corpora)" % shared)
        return SKIPPED
    by_scope = {"all": {}}
    with tempfile.TemporaryDirectory() as work:
        for corpus, spec in CORPORA.items():
            labels = read_labels(corpus, split)
            counts = by_scope.setdefault(corpus, {})
            compare(labels, audit(qaudit, shared, corpus, work), spec["unjudged"], counts)
            for rule, c in counts.items():
                into = by_scope["all"].setdefault(rule, [0, 0, 0])
                for i in range(3):
                    into[i] += c[i]
    for scope in ["all"] + list(CORPORA):
        lines, _ = table("%s (%s sessions)" % (scope, split), by_scope[scope])
        print("\n".join(lines) + "\n")
    if "--no-floors" in argv:
        return 0
    failed = check_floors(by_scope, read_floors())
    for f in failed:
        print("realdata: below the floor: " + f)
    if not failed:
        print("realdata: every floor in floors.csv met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
