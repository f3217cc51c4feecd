#!/usr/bin/env python3
"""The straightforward Python baseline: what a QA engineer would write instead of qaudit.

    python3 bench/baseline.py FILE [--rate 0.1] [--seed 0] [--phrases DIR]

Reads a CSV (csv module) or NDJSON (json per line) export, groups the messages by session,
gives each session to its first agent, samples ceil(rate * n) sessions per agent (the
smallest blake2b hashes of seed + session id), counts phrase-list hits in the sampled
sessions with `re` and prints the counts per agent. Plain and unoptimised on purpose: it is
the yardstick qaudit is measured against.
"""
import argparse
import csv
import gzip
import hashlib
import json
import math
import os
import re
import sys

FIELDS = {
    'session': ['session_id', 'conversation_id', 'chat_id', 'ticket_id', '会话id', '会话编号', '會話id'],
    'time': ['timestamp', 'time', 'created_at', 'sent_at', 'ts', '时间', '发送时间', '消息时间'],
    'role': ['role', 'sender_type', 'speaker', 'from', 'author_type', '发送方', '角色', '发送者类型'],
    'text': ['text', 'message', 'content', 'body', 'msg', '内容', '消息内容', '消息'],
    'agent': ['agent_id', 'agent', 'operator', 'staff_id', '客服', '客服工号', '坐席', '坐席工号'],
}
AGENT_ROLES = {'agent', 'staff', 'operator', 'human', '客服', '坐席', '人工'}
CUSTOMER_ROLES = {'customer', 'visitor', 'user', 'client', '客户', '访客', '用户', '顾客', '客戶'}

# list name -> whose messages it is matched in
LISTS = {'forbidden': 'agent', 'vague': 'agent', 'greeting': 'agent', 'closing': 'agent',
         'customer_emotion': 'customer'}


def norm(name):
    return re.sub(r'[\s_\-.]', '', name.strip().lower().lstrip('\ufeff'))


def fix_lookbehinds(pattern):
    """Python's re wants fixed-width lookbehinds: (?<!ab|c) becomes (?<!ab)(?<!c)."""
    def split(m):
        alts = m.group(1).split('|')
        return ''.join('(?<!%s)' % a for a in alts)
    return re.sub(r'\(\?<!((?:[^()\\]|\\.)*\|(?:[^()\\]|\\.)*)\)', split, pattern)


def load_list(path):
    parts = []
    skipped = 0
    for line in open(path, encoding='utf-8'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('re:'):
            pat = fix_lookbehinds(line[3:])
        else:
            pat = re.escape(line)
            if re.match(r'\w', line[0], re.ASCII):
                pat = r'\b' + pat
            if re.match(r'\w', line[-1], re.ASCII):
                pat = pat + r'\b'
        try:
            re.compile(pat)
        except re.error:
            skipped += 1
            continue
        parts.append('(?:%s)' % pat)
    return re.compile('|'.join(parts), re.IGNORECASE | re.ASCII), skipped


def open_text(path):
    with open(path, 'rb') as f:
        magic = f.read(2)
    if magic == b'\x1f\x8b':
        return gzip.open(path, 'rt', encoding='utf-8-sig', newline='')
    return open(path, encoding='utf-8-sig', newline='')


def read_messages(path):
    """Yields (session, time, role, agent, text) from a CSV or NDJSON file."""
    with open_text(path) as f:
        first = f.read(1)
    is_json = first == '{' or re.search(r'\.(ndjson|jsonl)(\.gz)?$', path) is not None
    with open_text(path) as f:
        if is_json:
            get = None
            for line in f:
                if not line.strip():
                    continue
                obj = json.loads(line)
                if get is None:  # the key names, from the first line
                    keys = {norm(k): k for k in obj}
                    get = {fld: next((keys[norm(a)] for a in names if norm(a) in keys), None)
                           for fld, names in FIELDS.items()}
                yield (str(obj.get(get['session'])), obj.get(get['time']), str(obj.get(get['role']) or ''),
                       obj.get(get['agent']) or '', obj.get(get['text']) or '')
        else:
            reader = csv.reader(f)
            header = [norm(h) for h in next(reader)]
            col = {}
            for fld, names in FIELDS.items():
                for a in names:
                    if norm(a) in header:
                        col[fld] = header.index(norm(a))
                        break
            s, t, ro, tx = col['session'], col['time'], col['role'], col['text']
            ag = col.get('agent')
            for row in reader:
                if len(row) != len(header) or row[s] == header[s]:
                    continue  # a broken row or a repeated header
                yield row[s], row[t], row[ro], row[ag] if ag is not None else '', row[tx]


def main():
    ap = argparse.ArgumentParser(description='Python baseline of a qaudit audit')
    ap.add_argument('file')
    ap.add_argument('--rate', type=float, default=0.1)
    ap.add_argument('--seed', default='0')
    ap.add_argument('--phrases', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'phrase_lists'))
    args = ap.parse_args()

    patterns = {}
    for name in LISTS:
        patterns[name], skipped = load_list(os.path.join(args.phrases, name + '.txt'))
        if skipped:
            print('baseline: %s: %d patterns Python re cannot compile, left out' % (name, skipped), file=sys.stderr)

    sessions = {}
    for sid, ts, role, agent, text in read_messages(args.file):
        sessions.setdefault(sid, []).append((str(ts), role.strip().lower(), agent, text))

    # attribute each session to its first responding agent (after the customer's first message)
    by_agent = {}
    for sid, msgs in sessions.items():
        msgs.sort(key=lambda m: m[0])  # same format within a file, so string order is time order
        seen_customer = False
        for ts, role, agent, text in msgs:
            if role in CUSTOMER_ROLES:
                seen_customer = True
            elif role in AGENT_ROLES and seen_customer and agent:
                by_agent.setdefault(agent, []).append(sid)
                break

    counts = {}
    sampled_total = 0
    for agent, sids in by_agent.items():
        k = math.ceil(args.rate * len(sids))
        ranked = sorted(sids, key=lambda s: hashlib.blake2b((args.seed + s).encode(), digest_size=8).digest())
        sample = ranked[:k]
        sampled_total += len(sample)
        c = {name: 0 for name in LISTS}
        for sid in sample:
            for ts, role, ag, text in sessions[sid]:
                side = 'agent' if role in AGENT_ROLES else 'customer' if role in CUSTOMER_ROLES else None
                for name, whose in LISTS.items():
                    if whose == side:
                        c[name] += len(patterns[name].findall(text))
        counts[agent] = (len(sids), len(sample), c)

    names = list(LISTS)
    print('agent\tsessions\tsampled\t' + '\t'.join(names))
    totals = [0] * len(names)
    for agent in sorted(counts):
        n, k, c = counts[agent]
        print('%s\t%d\t%d\t%s' % (agent, n, k, '\t'.join(str(c[x]) for x in names)))
        for i, x in enumerate(names):
            totals[i] += c[x]
    print('TOTAL\t%d\t%d\t%s' % (sum(v[0] for v in counts.values()), sampled_total, '\t'.join(map(str, totals))))
    print('baseline: %d sessions, %d agents, %d sampled' % (len(sessions), len(counts), sampled_total), file=sys.stderr)


if __name__ == '__main__':
    main()
