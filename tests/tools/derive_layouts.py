#!/usr/bin/env python3
"""Writes samples/shop_zh.csv again in other layouts, for the CLI case
same_sample_whatever_the_layout: rows shuffled, rows split over two files (a session in
both), and the same sessions as a JSON array and as NDJSON with one session per line.

Run from the repository root after changing samples/shop_zh.csv:
    python3 tests/tools/derive_layouts.py
"""
import csv
import json
import random

SOURCE = "samples/shop_zh.csv"
DEST = "tests/cli/same_sample_whatever_the_layout/"

with open(SOURCE, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]


def write_csv(path, rows):
    with open(DEST + path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


shuffled = body[:]
random.Random(20261120).shuffle(shuffled)
write_csv("shuffled.csv", [header] + shuffled)
# English headers in the second part, so aliases are exercised too.
english = ["session_id", "timestamp", "role", "agent_id", "text", "channel", "customer_id", "csat"]
roles = {"客户": "customer", "客服": "agent", "机器人": "bot", "系统": "system"}
half = len(shuffled) // 2
write_csv("part1.csv", [header] + shuffled[:half])
write_csv("part2.csv", [english] + [r[:2] + [roles[r[2]]] + r[3:] for r in shuffled[half:]])

sessions = {}
for r in body:
    s = sessions.setdefault(r[0], {"session_id": r[0], "channel": r[5], "customer_id": r[6],
                                   "messages": []})
    if r[7]:
        s["csat"] = int(r[7])
    m = {"time": r[1].replace(" ", "T") + "+08:00", "role": roles[r[2]], "text": r[4]}
    if r[3]:
        m["agent_id"] = r[3]
    s["messages"].append(m)
ordered = sorted(sessions.values(), key=lambda s: s["session_id"], reverse=True)
with open(DEST + "same.json", "w", encoding="utf-8") as f:
    json.dump(ordered, f, ensure_ascii=False, indent=1)
    f.write("\n")
with open(DEST + "same.ndjson", "w", encoding="utf-8") as f:
    for s in ordered:
        f.write(json.dumps(s, ensure_ascii=False) + "\n")
