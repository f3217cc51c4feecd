#!/usr/bin/env python3
"""Property: map on shards, then merge, writes the report `qaudit audit` writes over the same
inputs, byte for byte.

    merge_equals_audit.py QAUDIT [--cases N] [--seed S]

Each case generates random exports (Chinese and English chats, customers who come back, naive
and zoned times, an untimed file, a few bad rows), cuts them into 1 to 16 shards — by file; by rows, with sessions cut across shards, then
routed by session id as an engine would; or by `qaudit split` —
maps each shard with a random --jobs (1, 2 or 4), --margin (0 or 4) and limit on what a map holds
from its first read (QAUDIT_HOLD_BYTES: none, a few KB, default), merges, and compares the directories with
one audit of the shard files. A merge that asks for sessions (exit 5) gets them mapped, as a
driver would. Rows cut across shards without routing must be refused (exit 3)."""
import argparse
import filecmp
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib

HEADER = ['session_id', 'timestamp', 'role', 'agent_id', 'text', 'channel', 'customer_id',
          'csat', 'status']
CUSTOMER = ['你好，我的订单什么时候发货？', '谢谢', 'Where is my refund?', 'thanks!', '还在吗？',
            '我要投诉，太慢了', '退款什么时候到账？', 'My card was charged twice, why?',
            '好的', '请问可以改地址吗？', "I've been waiting for an hour!"]
AGENT = ['您好，很高兴为您服务', '请稍候，我帮您查一下', 'Sorry for the wait, let me check.',
         '已为您处理好了', 'Is there anything else I can help with?', '感谢您的耐心等待，祝您生活愉快',
         '这个我也不清楚', 'I will escalate this to our specialist team.',
         '您的退款将在1-3个工作日到账', '亲，这边给您申请了补偿哦']
BOT = ['您好，我是智能助手，请问有什么可以帮您？', 'Hi! I am the virtual assistant.']
CHANNELS = ['web', 'app', 'wechat', 'email', '']


def gen_sessions(rng, count, day0):
    agents = ['KF%03d' % i for i in range(rng.randint(1, 12))]
    # A few busy agents and some with one or two sessions.
    weights = [rng.choice([1, 1, 3, 20]) for _ in agents]
    customers = ['C%04d' % i for i in range(max(2, count // 3))]
    sessions = []
    for n in range(count):
        sid = 'S%06d-%d' % (rng.randrange(10 ** 6), n)
        agent = rng.choices(agents, weights)[0]
        customer = rng.choice(customers) if rng.random() < 0.9 else ''
        channel = rng.choice(CHANNELS)
        t = day0 + rng.randrange(3 * 86400)
        rows = []
        if rng.random() < 0.3:
            rows.append([t, 'bot', '', rng.choice(BOT)])
            t += rng.randint(1, 20)
        for turn in range(rng.randint(1, 6)):
            rows.append([t, 'customer', '', rng.choice(CUSTOMER)])
            t += rng.choice([3, 10, 40, 200, 900])
            if rng.random() < 0.85:
                rows.append([t, 'agent', agent, rng.choice(AGENT)])
                t += rng.randint(5, 120)
        csat = rng.choice(['', '', '5', '2', '满意'])
        status = rng.choice(['', 'resolved', 'open'])
        sessions.append((sid, channel, customer, csat, status, rows))
    return sessions


def stamp(rng, t, style):
    if style == 'naive':
        return '%04d-%02d-%02d %02d:%02d:%02d' % tuple(__import__('time').gmtime(t)[:6])
    if style == 'zulu':
        return '%04d-%02d-%02dT%02d:%02d:%02dZ' % tuple(__import__('time').gmtime(t - 8 * 3600)[:6])
    return ''


def rows_of(rng, sessions, style):
    """Every message as a CSV row, sessions interleaved in time order."""
    out = []
    for sid, channel, customer, csat, status, rows in sessions:
        for i, (t, role, agent, text) in enumerate(rows):
            last = i == len(rows) - 1
            out.append((t, [sid, stamp(rng, t, style), role, agent, text, channel, customer,
                            csat if last else '', status if last else '']))
    out.sort(key=lambda r: r[0])
    result = [r for _, r in out]
    # A bad row now and then: an unknown role.
    for _ in range(rng.randint(0, 2)):
        if result:
            bad = list(rng.choice(result))
            bad[2] = 'martian'
            result.insert(rng.randrange(len(result)), bad)
    return result


def untimed(header, rows):
    """An export without times has no time column (an empty time is a bad record)."""
    if rows and all(not r[1] for r in rows):
        return header[:1] + header[2:], [r[:1] + r[2:] for r in rows]
    return header, rows


def write_csv(path, rows):
    import csv
    header, rows = untimed(HEADER, rows)
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_ndjson(path, rows):
    header, rows = untimed(HEADER, rows)
    with open(path, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(dict(zip(header, r)), ensure_ascii=False) + '\n')


def write_shard(path, rows):
    (write_ndjson if path.endswith('.ndjson') else write_csv)(path, rows)


def run(cmd, ok=(0,), env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode not in ok:
        sys.exit('FAIL: %s\nexit %d\n%s%s' % (' '.join(cmd), p.returncode, p.stdout, p.stderr))
    return p


def same_dirs(a, b):
    """The files that differ between two report directories' current runs."""
    a, b = os.path.join(a, 'current'), os.path.join(b, 'current')
    names = set()
    for top in (a, b):
        for root, _, files in os.walk(top):
            names.update(os.path.relpath(os.path.join(root, f), top) for f in files)
    return sorted(n for n in names
                  if not (os.path.isfile(os.path.join(a, n)) and os.path.isfile(os.path.join(b, n))
                          and filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False)))


def one_case(qaudit, rng, tmp, case):
    work = os.path.join(tmp, 'case%d' % case)
    os.makedirs(work)
    opts = ['--seed', str(rng.randrange(1000)), '--rate', rng.choice(['10%', '5%', '30%', '1']),
            '--min-per-agent', rng.choice(['1', '1', '2']), '--max-bad', '50%']
    sessions = gen_sessions(rng, rng.randint(1, 400), 1795000000)
    style = rng.choice(['naive', 'naive', 'zulu', 'none'])
    rows = rows_of(rng, sessions, style)
    count = rng.randint(1, 16)
    how = rng.choice(['file', 'rows', 'split'])
    cut = sorted(rng.randrange(len(rows) + 1) for _ in range(count - 1))
    pieces = [rows[a:b] for a, b in zip([0] + cut, cut + [len(rows)])]
    if how == 'file':
        # Whole sessions per file: each session's rows go where its first row fell.
        home = {}
        for i, piece in enumerate(pieces):
            for r in piece:
                home.setdefault(r[0], i)
        pieces = [[r for r in rows if home[r[0]] == i] for i in range(count)]
    else:
        # Cut anywhere, then routed by session id, as an engine's key or qaudit split does.
        spans = sum(len({r[0] for r in p}) for p in pieces) > len({r[0] for r in rows})
        if spans:
            names = []
            for i, piece in enumerate(pieces):
                names.append(os.path.join(work, 'cut%02d.csv' % i))
                write_csv(names[-1], piece)
            parts = []
            for i, name in enumerate(names):
                parts.append(name + '.qap')
                run([qaudit, 'map', '-q', '-o', parts[-1], name] + opts)
            p = run([qaudit, 'merge', '-q', '-o', os.path.join(work, 'refused')] + opts + parts,
                    ok=(3,))
            assert 'route each session' in p.stderr, p.stderr
        pieces = [[r for r in rows if zlib.crc32(r[0].encode()) % count == i]
                  for i in range(count)]
    shards = []
    if how == 'split':
        # qaudit split routes them: its parts are the shards.
        whole = os.path.join(work, 'whole.csv')
        write_csv(whole, rows)
        run([qaudit, 'split', '-q', '-P', str(count), '--max-bad', '50%', '-o',
             os.path.join(work, 'split'), whole])
        shards = [os.path.join(work, 'split', 'part-%03d.ndjson' % i) for i in range(count)]
    for i, piece in enumerate(pieces if how != 'split' else []):
        # An empty NDJSON file is no export (exit 3); a CSV header alone is a quiet night.
        kind = rng.choice(['csv', 'ndjson']) if piece else 'csv'
        shards.append(os.path.join(work, 'shard%02d.%s' % (i, kind)))
        write_shard(shards[-1], piece)
    audit = os.path.join(work, 'audit')
    run([qaudit, 'audit', '-q', '-j', '1', '-o', audit] + opts + shards)
    parts = [os.path.join(work, 'part%02d.qap' % i) for i in range(len(shards))]
    shard_of = dict(zip(parts, shards))
    # --margin 0 scores each shard's own sample only: merges then often ask for more.
    margin = ['--margin', rng.choice(['0', '4'])]
    for shard, part in zip(shards, parts):
        # A map holds the records of its likely candidates, up to a limit: past it, it reads
        # them again; under it, a session it did not hold is read again too.
        hold = rng.choice([None, '1', '4000', '20000'])
        env = dict(os.environ, QAUDIT_HOLD_BYTES=hold) if hold else None
        run([qaudit, 'map', '-q', '-j', rng.choice(['1', '2', '4']), '-o', part, shard]
            + opts + margin, env=env)
    merged = os.path.join(work, 'merged')
    refines = 0
    while True:
        p = run([qaudit, 'merge', '-q', '-o', merged] + opts + parts, ok=(0, 5))
        if p.returncode == 0:
            break
        refines += 1
        assert refines == 1, 'a second refine round'
        listed = os.path.join(work, 'refine.tsv')
        with open(listed, 'w') as f:
            f.write(p.stdout)
        for part in sorted({line.split('\t')[0] for line in p.stdout.splitlines()}):
            shard = shard_of[part]
            run([qaudit, 'map', '-q', '--sessions', listed, '-o', part, shard] + opts + margin)
    diff = same_dirs(audit, merged)
    if diff:
        sys.exit('FAIL case %d (%d %s shards, %s): merge differs from audit in %s; kept in %s'
                 % (case, count, how, ' '.join(opts), ', '.join(diff), work))
    shutil.rmtree(work)
    return refines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('qaudit')
    ap.add_argument('--cases', type=int, default=40)
    ap.add_argument('--seed', type=int, default=20261206)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix='qaudit-shard-')
    refines = 0
    for case in range(args.cases):
        refines += one_case(args.qaudit, rng, tmp, case)
    shutil.rmtree(tmp)
    print('%d cases: merge == audit (%d needed a refine round)' % (args.cases, refines))
    # With --margin 0 in about half the cases, a run that never refines never tested it.
    if args.cases >= 8 and not refines:
        sys.exit('FAIL: no case needed a refine round: the refine path went untested')


if __name__ == '__main__':
    main()
