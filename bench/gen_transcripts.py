#!/usr/bin/env python3
"""Deterministic generator of realistic customer-service chat exports for benchmarking qaudit.

    python3 bench/gen_transcripts.py --format csv|ndjson --size 100M --seed 1 -o FILE
        [--chinese-headers] [--agents 400] [--truth TRUTH.tsv]

One day (2026-11-20, +08:00) of chats from a contact centre: Simplified Chinese (~50% of
sessions), Traditional Chinese (~20%) and English (~30%) sessions of 8-30 messages, with bot
hand-offs, transfers, system lines, a CSAT on about a third of the sessions and a status on
some. About 60% of the sessions are built clean; the others carry one (sometimes two) of the
faults qaudit's checkpoints look for. Rows of concurrent sessions are interleaved in time
order, a few rows out of order.

Sizes take K, M or G (decimal: 100M = 100,000,000 bytes); generation stops after the session
that crosses the size, so the file is a little larger. Same arguments give byte-identical
output. --truth writes one line per session: id, language, channel, agent, messages, the
faults it was built with and the deliberate near-miss phrasings ("traps") it contains.
"""
import argparse
import calendar
import csv
import heapq
import json
import os
import random
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ next to the script
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pools import LANGS  # noqa: E402

DAY_UTC = calendar.timegm((2026, 11, 19, 16, 0, 0))  # 2026-11-20 00:00:00 +08:00
DAY_MS = DAY_UTC * 1000

HEADER_EN = ['session_id', 'timestamp', 'role', 'agent_id', 'text', 'channel', 'customer_id', 'csat', 'status']
HEADER_ZH = ['会话ID', '消息时间', '发送方', '客服工号', '消息内容', '渠道', '客户ID', '满意度', '解决状态']

# Sessions started per hour of the day (relative): quiet night, busy late morning, afternoon
# and the e-commerce evening peak.
HOURLY = [3, 2, 1, 1, 1, 2, 4, 9, 20, 32, 38, 36, 26, 30, 35, 34, 30, 24, 22, 30, 36, 33, 22, 10]

# Fault kinds and their relative weights among faulty sessions.
FAULTS = [
    ('R1', 5), ('R2', 5), ('R3', 1.5), ('C1', 4), ('C2', 5), ('C3', 5), ('C4', 1), ('C5', 2),
    ('C6', 3), ('S1', 4), ('S3', 2), ('XFER', 1), ('A1', 4), ('A2', 1.5), ('A3', 3),
    ('A4', 0.3), ('K1', 0.5), ('K2', 0.5), ('K3', 1), ('K4', 0.7), ('K5', 0.5), ('K7', 0.5),
]
CLEAN_SHARE = 0.60
# faults that happen at one point of the conversation
EVENT_FAULTS = {'R2', 'R3', 'C3', 'C4', 'C5', 'C6', 'S3', 'XFER', 'A1', 'A2', 'A3', 'A4', 'K1', 'K2',
                'K3', 'K4', 'K5'}
LANG_SHARE = [('zh', 0.50), ('tw', 0.20), ('en', 0.30)]

ZH_NICK = ['小王', '小李', '小张', '小刘', '小陈', '小杨', '小赵', '小黄', '小周', '小吴', '小徐', '小孙',
           '小马', '小朱', '小胡', '小郭', '小何', '小林', '小罗', '小高', '阿杰', '小美', '小雪', '小宇']
TW_NICK = ['小安', '小婷', '阿明', '小芳', '小傑', '小雯', '阿哲', '小慧', '小涵', '阿凱']
EN_FIRST = ['maria', 'tom', 'priya', 'leo', 'anna', 'james', 'sofia', 'daniel', 'emma', 'lucas', 'olivia',
            'noah', 'mia', 'ethan', 'ava', 'liam', 'grace', 'ryan', 'chloe', 'adam', 'nina', 'omar',
            'hannah', 'kevin', 'zoe', 'sam', 'lily', 'ben', 'ella', 'max', 'ruby', 'jack', 'isla', 'owen',
            'amir', 'yuki', 'carlos', 'fatima', 'ivan', 'mei']
EN_LAST = ['k', 'h', 's', 'w', 'lee', 'chen', 'patel', 'garcia', 'nguyen', 'smith', 'brown', 'diaz', 'kim',
           'lopez', 'evans', 'ross']
ID_AREAS = ['110101', '110105', '310104', '310115', '440305', '440106', '330106', '320102', '510107',
            '420106', '610113', '500103', '370202', '350203', '430104', '210102']
ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_C = '10X98765432'


def parse_size(s):
    s = s.strip().upper()
    mult = 1
    if s and s[-1] in 'KMG':
        mult = {'K': 10**3, 'M': 10**6, 'G': 10**9}[s[-1]]
        s = s[:-1]
    return int(float(s) * mult)


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix):
    for d in '0123456789':
        if luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError


class Gen:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.r = self.rng.random
        self.fmt = args.format
        self.zh_headers = args.chinese_headers
        self.counters = {'zh': 0, 'tw': 0, 'en': 0}
        self.cust_counter = 0
        self.recent_customers = {'zh': [], 'tw': [], 'en': []}
        self.sessions = 0
        self.messages = 0
        self.agents_seen = set()
        self.truth = {} if args.truth else None
        self.truth_order = []
        self.ts_cache = {}
        self.seq = 0
        self.max_open = 0
        self._build_agents(args.agents)
        self._build_profile()
        self._fault_cum = self._cum([w for _, w in FAULTS])
        self.topic_cum = {l: self._cum([t['weight'] for t in P['topics']]) for l, P in LANGS.items()}
        self.channel_names = {l: [c for c, _ in P['channels']] for l, P in LANGS.items()}
        self.channel_cum = {l: self._cum([w for _, w in P['channels']]) for l, P in LANGS.items()}
        if self.fmt == 'csv':
            self._out = []
            sink = type('Sink', (), {})()
            sink.write = self._out.append
            self.writer = csv.writer(sink, lineterminator='\n')

    # -- set-up ---------------------------------------------------------------------------
    @staticmethod
    def _cum(weights):
        out, acc = [], 0.0
        for w in weights:
            acc += w
            out.append(acc)
        return out

    def _wpick(self, items, cum):
        x = self.r() * cum[-1]
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return items[lo]

    def _build_agents(self, n):
        rng = random.Random(self.args.seed * 7919 + 17)
        n_zh = n * 50 // 100
        n_tw = n * 20 // 100
        n_en = n - n_zh - n_tw
        pools = {'zh': [], 'tw': [], 'en': []}
        for i in range(n_zh):
            pools['zh'].append(('KF%04d' % (1001 + i), ZH_NICK[i % len(ZH_NICK)]))
        for i in range(n_tw):
            team = 'ABCDEFGH'[i // 40]
            pools['tw'].append(('TW-%s%02d' % (team, i % 40 + 1), TW_NICK[i % len(TW_NICK)]))
        names = ['%s.%s' % (f, l) for l in EN_LAST for f in EN_FIRST]
        rng.shuffle(names)
        for i in range(n_en):
            nm = names[i] if i < len(names) else 'agent%d' % i
            pools['en'].append((nm, nm.split('.')[0].capitalize()))
        # shifts: (start hour, length); a few night agents
        shifts = [(7, 9), (9, 9), (12, 9), (14, 9), (22, 9)]
        self.agent_by_hour = {}
        for lang, lst in pools.items():
            info = []
            for aid, nick in lst:
                x = rng.random()
                sh = shifts[4] if x < 0.06 else shifts[int(rng.random() * 4)]
                w = 0.3 + rng.random() * 1.4  # some agents are busier than others
                info.append((aid, nick, sh, w))
            per_hour = []
            for h in range(24):
                cand = [(a, nk, w) for a, nk, (s, ln), w in info if (h - s) % 24 < ln]
                if not cand:
                    cand = [(a, nk, w) for a, nk, _, w in info]
                per_hour.append(([(a, nk) for a, nk, _ in cand], self._cum([w for _, _, w in cand])))
            self.agent_by_hour[lang] = per_hour
        self.agent_pools = pools

    def _build_profile(self):
        # cumulative share of the day's sessions at each minute
        per_min = []
        for h in range(24):
            a, b = HOURLY[h], HOURLY[(h + 1) % 24]
            for m in range(60):
                per_min.append(a + (b - a) * m / 60.0)
        self.prof_cum = self._cum(per_min)
        self.prof_total = self.prof_cum[-1]

    def start_ms_for(self, frac):
        """Start time (ms since the day's midnight) of the session at fraction frac of the day's volume."""
        x = min(frac, 0.999999) * self.prof_total
        cum = self.prof_cum
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        prev = cum[lo - 1] if lo else 0.0
        within = (x - prev) / (cum[lo] - prev) if cum[lo] > prev else 0.0
        return int((lo + within) * 60000)

    # -- slots ----------------------------------------------------------------------------
    def _digits(self, n):
        return str(int(self.r() * 10**n)).zfill(n)

    def _non_luhn(self, s):
        if luhn_ok(s):
            s = s[:-1] + str((int(s[-1]) + 1) % 10)
        return s

    def slot(self, key, lang):
        r = self.r
        if key == 'order':
            return self._non_luhn('202611%02d%02d' % (10 + int(r() * 10), int(r() * 24)) + self._digits(6))
        if key == 'track':
            return 'SF' + self._non_luhn('14' + self._digits(11))
        if key == 'phone':
            return '1' + '3456789'[int(r() * 7)] + self._digits(9)
        if key == 'twphone':
            return '09' + self._digits(8)
        if key == 'usphone':
            return '(%03d) 555-%04d' % (200 + int(r() * 700), int(r() * 10000))
        if key == 'last4':
            return self._digits(4)
        if key == 'idno':
            by = 1965 + int(r() * 38)
            bm = 1 + int(r() * 12)
            bd = 1 + int(r() * 28)
            body = self.rng.choice(ID_AREAS) + '%04d%02d%02d' % (by, bm, bd) + self._digits(3)
            return body + ID_C[sum(int(c) * w for c, w in zip(body, ID_W)) % 11]
        if key == 'card':
            if lang == 'en':
                return luhn_complete('4' + self._digits(14))
            pre = ['622202', '622848', '621700', '436742', '622588'][int(r() * 5)]
            return luhn_complete(pre + self._digits(12 if r() < 0.7 else 9))
        if key == 'pwd':
            return ''.join(self.rng.choice('abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(3)) + self._digits(4)
        if key == 'queue':
            return str(2 + int(r() * 15))
        if key == 'twor':
            return 'TW' + self._digits(10)
        if key == 'ubn':
            return self._digits(8)
        if key == 'enorder':
            return '%d-%07d' % (100 + int(r() * 900), int(r() * 10**7))
        if key == 'email':
            return '%s%d@%s' % (self.rng.choice(['jdoe', 'amy.w', 'kchen', 'mark', 'sara.b', 'li.ming', 'tp']),
                                int(r() * 100), self.rng.choice(['gmail.com', 'outlook.com', 'example.org', 'icloud.com']))
        if key == 'invno':
            return 'INV-%06d' % int(r() * 10**6)
        lst = LANGS[lang]['slots'].get(key)
        if lst is None:
            raise KeyError(key)
        return lst[int(r() * len(lst))]

    # -- session --------------------------------------------------------------------------
    def pick(self, lst):
        return lst[int(self.r() * len(lst))]

    def choose_faults(self):
        r = self.r
        if r() < CLEAN_SHARE:
            return []
        f = [self._wpick(FAULTS, self._fault_cum)[0]]
        if r() < 0.2:
            g = self._wpick(FAULTS, self._fault_cum)[0]
            if g != f[0]:
                f.append(g)
        return f

    def build(self, lang, start_ms):
        """Returns (sid, channel, cid, csat, status, msgs, faults, traps) where msgs holds
        (t_ms, role, agent_id, text)."""
        r, pick = self.r, self.pick
        P = LANGS[lang]
        self.counters[lang] += 1
        n = self.counters[lang]
        sid = {'zh': 'S20261120-%06d', 'tw': 'TW-%07d', 'en': 'EN-%07d'}[lang] % n
        traps = []
        faults = self.choose_faults()
        hour = (start_ms // 3600000) % 24

        # customer: a new one, or (3%) one who already wrote earlier today
        rec = self.recent_customers[lang]
        if len(rec) > 400 and r() < 0.03:
            cid = rec[-(300 + int(r() * min(1700, len(rec) - 300)))]
            traps.append('REPEAT')
        else:
            self.cust_counter += 1
            k = (self.cust_counter * 7919 + 104729) % 10**7
            cid = {'zh': 'C%07d', 'tw': 'M%07d', 'en': 'cus_%07d'}[lang] % k
        rec.append(cid)
        if len(rec) > 4000:
            del rec[:2000]

        # 2% bot only, 1% the customer left before anyone answered
        x = r()
        if x < 0.03:
            return self.build_unserved(lang, P, sid, cid, start_ms, x < 0.02, traps)

        if lang == 'tw':  # no B2B channel and no investment products in the Taiwanese store
            faults = [f for f in faults if f not in ('C4', 'K7')]
        topics = P['topics']
        if 'K7' in faults:
            topic = [t for t in topics if t.get('risk')][0]
        else:
            topic = self._wpick(topics, self.topic_cum[lang])
        if 'C4' in faults:
            channel = P['b2b_channel']
        else:
            channel = self._wpick(self.channel_names[lang], self.channel_cum[lang])
        b2b = channel == P['b2b_channel']

        agents, acum = self.agent_by_hour[lang][hour]
        agent, nick = self._wpick(agents, acum)
        slots = {'aname': nick, 'ename': nick}

        def fill(t):
            if '{' not in t:
                return t
            while True:
                try:
                    return t.format_map(slots)
                except KeyError as e:
                    k = e.args[0]
                    slots[k] = self.slot(k, lang)

        angry_topic = bool(topic.get('angry'))
        a3_inject = 'A3' in faults or (not angry_topic and r() < 0.03)
        events = [f for f in faults if f in EVENT_FAULTS]
        if not faults:
            if r() < 0.04:
                events.append('XFER_OK')
            if r() < 0.03:
                events.append('S3_OK')
        if a3_inject and 'A3' not in faults:
            events.append('A3_OK')
        if 'K3' not in faults and r() < 0.015:
            events.append('PII_OK')
        if r() < 0.085:
            events.append('MULTILINE')
        if r() < 0.09:
            events.append('QUOTE')
        if r() < 0.03:
            events.append('PHONE')
        # complaints, urgent cases and requests for a manager have a 5 s first-response limit
        hot = topic['hot'] or angry_topic or a3_inject or 'S3' in events or 'S3_OK' in events

        msgs = []
        t = [start_ms]
        cur_agent = [agent]

        def add(role, text, gap, who=None):
            t[0] += gap
            msgs.append((t[0], role, who if role == 'a' else None, text))

        def cust_gap():
            if r() < 0.02:
                return 120000 + int(r() * 240000)
            return 5000 + int(55000 * r() ** 1.7) + int(r() * 1000)

        def reply_gap():
            return 3000 + int(r() * 12000)

        def agent_gap():
            return 2000 + int(20000 * r() ** 1.5)

        def A(text, gap):
            add('a', text, gap, cur_agent[0])

        def C(text, gap=None):
            add('c', text, cust_gap() if gap is None else gap)

        ctx = (P, lang, topic, fill, A, C, add, cur_agent, reply_gap, agent_gap, traps, faults)

        # --- opening -----------------------------------------------------------------------
        oi = int(r() * len(topic['open']))
        opener = fill(topic['open'][oi])
        # in an 'aligned' topic the answers follow the openers one to one
        self._answer_index = oi if topic.get('aligned') else None
        apology_open = False
        bot_first = r() < 0.18
        if not angry_topic and not bot_first and r() < 0.04:
            pre = pick(P['cust_apology_open'])
            opener = pre + (opener[0].lower() + opener[1:] if lang == 'en' else opener)
            apology_open = True
            traps.append('APOLOGY_OPEN')
        if bot_first:
            add('b', fill(pick(P['bot_greet'])), 0)
            C(opener)
            add('b', fill(pick(P['bot_answer'])), 800 + int(r() * 1500))
            C(pick(P['cust_to_human']))
            add('b', fill(pick(P['bot_transfer'])), 800 + int(r() * 1500))
        split = 0
        if not bot_first:
            add('c', opener, 0)
            if r() < 0.08:
                tail = pick(P['cust_split_tail'])
                split = 2000 + int(r() * 2000)
                C(tail, split)
                if tail in P['thanks_tails']:
                    traps.append('THANKS_IN_ADVANCE')

        # first human response: R1 limit 15 s, 5 s for complaints and urgent sessions
        if 'R1' in faults:
            first_gap = (65000 + int(r() * 90000)) if r() < 0.4 else (16000 + int(r() * 35000))
        elif hot:
            first_gap = 2000 + int(r() * 3000)
        else:
            first_gap = 3000 + int(r() * 9000)
        sorry = pick(P['slow_sorry']) if first_gap > 60000 and r() < 0.5 else ''
        first_gap = max(1000, first_gap - split)

        ask = fill(pick(topic['ask'])) if topic['ask'] else None
        if 'C6' in faults and ask and r() < 0.6:
            ask = fill(pick(topic.get('ask_rude') or P['info_no_please']))
            faults[faults.index('C6')] = 'C6a'
        ask_sent = False
        if 'C1' in faults:
            # no greeting: the agent goes straight to business
            emp = fill(pick(P['empathy'])) + (' ' if lang == 'en' else '') if angry_topic and 'A3' not in faults else ''
            if ask:
                A(sorry + emp + ask, first_gap)
                ask_sent = True
            else:
                A(sorry + emp + fill(pick(P['wait'])), first_gap)
        else:
            if bot_first:
                greet = fill(pick(P['handoff']))
                if angry_topic and 'A3' not in faults:
                    greet = greet + (' ' if lang == 'en' else '') + fill(pick(P['empathy']))
            elif angry_topic and 'A3' not in faults:
                greet = pick(P['greet_prefix']) + fill(pick(P['empathy']))
            elif apology_open:
                greet = fill(pick(P['agent_apology_reply']))
            elif b2b:
                greet = fill(pick(P['greet_b2b']))
            else:
                greet = fill(pick(P['greet']))
            if ask and not (bot_first or angry_topic or apology_open or b2b) and r() < 0.35:
                A(sorry + pick(P['greet_prefix']) + ask, first_gap)
                ask_sent = True
            else:
                A(sorry + greet, first_gap)

        # --- information exchange and the answer --------------------------------------------
        if ask:
            if not ask_sent:
                A(ask, agent_gap())
            give = fill(pick(topic['give']))
            C(give)
            self._wait_answer(ctx)
        elif 'C1' in faults:
            A(self._answer(topic, fill, faults, traps), 8000 + int(r() * 30000))
        elif r() < 0.5:
            A(fill(pick(P['wait'])), agent_gap())
            A(self._answer(topic, fill, faults, traps), 6000 + int(r() * 30000))
        else:
            A(self._answer(topic, fill, faults, traps), agent_gap())

        # --- more questions and answers, with the session's events among them ----------------
        target = 8 + int(20 * r() ** 1.8)
        qa = list(topic['qa'])
        gq = list(P['generic_qa'])
        self.rng.shuffle(qa)
        self.rng.shuffle(gq)
        pairs = qa + gq
        # the ending, decided now so that the session keeps within 8-30 messages
        plain_close = lang in ('tw', 'en') and not faults and r() < 0.12
        long_close = r() < (0.5 if 'S1' in faults else 0.6 if plain_close else 0.7)
        sys_end = r() < 0.35
        if 'S1' in faults:
            closing_len = 4 if long_close and 'C2' not in faults else 2
        elif 'C2' in faults:
            closing_len = 1
        else:
            closing_len = 3 + long_close if plain_close else 2 + 2 * long_close
        closing_len += sys_end
        # an event takes about four messages, a plain question and answer two
        room = -(-(target - len(msgs) - closing_len - 2 * len(events)) // 2)
        nslots = max(len(events), min(len(pairs) + len(events), room))
        ev_at = dict(zip(sorted(self.rng.sample(range(nslots), len(events))), events)) if events else {}
        pi = 0
        for i in range(nslots):
            ev = ev_at.get(i)
            if pi < len(pairs):
                q, a = pairs[pi]
            else:
                if ev is None:
                    break
                q, a = gq[int(r() * len(gq))]
            pi += 1
            if ev is None:
                C(fill(q))
                if pi <= len(qa) and r() < 0.15:
                    A(fill(pick(P['wait'])), reply_gap())
                    A(fill(a), 8000 + int(r() * 30000))
                else:
                    A(fill(a), reply_gap())
            else:
                self._event(ev, ctx, fill(q), fill(a))

        # --- ending ------------------------------------------------------------------------
        if 'S1' in faults:
            C(pick(P['cust_unresolved']))
            if r() < 0.5:
                A(fill(pick(P['agent_next_step'])), reply_gap())
                traps.append('S1_WITH_NEXT_STEP')
            else:
                A(fill(pick(P['agent_no_next_step'])), reply_gap())
            if long_close and 'C2' not in faults:
                C(pick(P['cust_unresolved']) if r() < 0.5 else pick(P['cust_ack_meh']))
                A(fill(pick(P['agent_close'])), reply_gap())
        elif 'C2' in faults:
            C(pick(P['cust_thanks']) if r() < 0.5 else pick(P['cust_ack']))
        elif plain_close:
            C(pick(P['cust_thanks']))
            A(pick(P['agent_thanks_ack_plain']), reply_gap())
            if long_close:
                C(pick(P['cust_done']))
                A(pick(P['agent_close_plain']), reply_gap())
            else:
                A(pick(P['agent_close_plain']), agent_gap())
            traps.append('PLAIN_CLOSE')
        else:
            C(pick(P['cust_thanks']))
            if long_close:
                A(fill(pick(P['agent_thanks_ack'])), reply_gap())
                C(pick(P['cust_done']))
            A(fill(pick(P['agent_close_b2b'] if b2b and 'agent_close_b2b' in P else P['agent_close'])), reply_gap())
        if sys_end:
            add('s', pick(P['sys_end']), 10000 + int(r() * 110000))

        # half-width commas typed by some agents and customers (Chinese texts)
        if lang != 'en' and r() < 0.42:
            for _ in range(1 + int(r() * 3)):
                j = int(r() * len(msgs))
                tm, ro, ag, tx = msgs[j]
                if '，' in tx:
                    msgs[j] = (tm, ro, ag, tx.replace('，', ',', 1 + int(r() * 2)))

        csat = ''
        if r() < 0.33:
            if faults:
                csat = '55443322111'[int(r() * 11)] if r() < 0.8 else '5'
            else:
                csat = '5555554444443'[int(r() * 13)] if r() < 0.97 else '12'[int(r() * 2)]
        status = ''
        if r() < 0.35 or ('S1' in faults and r() < 0.5):
            status = pick(P['status_bad'] if 'S1' in faults else P['status_ok'])
        return sid, channel, cid, csat, status, msgs, faults, traps

    def _answer(self, topic, fill, faults, traps):
        if 'K7' in faults and topic.get('answer_fault'):
            return fill(self.pick(topic['answer_fault']))
        if topic.get('answer_trap') and self.r() < 0.12:
            traps.append('T_' + topic['name'])
            return fill(self.pick(topic['answer_trap']))
        k = self._answer_index
        return fill(topic['answer'][k] if k is not None else self.pick(topic['answer']))

    def _wait_answer(self, ctx):
        P, lang, topic, fill, A, C, add, cur_agent, reply_gap, agent_gap, traps, faults = ctx
        r = self.r
        A(fill(self.pick(P['wait'])), reply_gap())
        if r() < 0.3:
            g = 3000 + int(r() * 12000)
            C(self.pick(P['cust_ack']), g)
            A(self._answer(topic, fill, faults, traps), 3000 + int(r() * max(1000, 50000 - g)))
        else:
            A(self._answer(topic, fill, faults, traps), 8000 + int(r() * 35000))

    def _event(self, ev, ctx, q, a):
        P, lang, topic, fill, A, C, add, cur_agent, reply_gap, agent_gap, traps, faults = ctx
        r, pick = self.r, self.pick
        F = P['FAULT']
        sep = ' ' if lang == 'en' else ''
        if ev == 'R2':
            C(q)
            g = 25000 + int(175000 * r() ** 1.3)
            pre = pick(P['slow_sorry']) if g > 60000 and r() < 0.5 else ''
            A(pre + a, g)
        elif ev == 'R3':
            C(q)
            for _ in range(2):
                C(pick(P['follow_ups']), 12000 + int(r() * 30000))
            A(pick(P['slow_sorry']) + a, 3000 + int(r() * 10000))
        elif ev in ('C3', 'C5', 'A1', 'A2', 'A4', 'K1', 'K4', 'K5'):
            C(q)
            bad = fill(pick(F[ev]))
            A(bad if r() < 0.5 else a + sep + bad, reply_gap())
        elif ev == 'C4':
            C(q)
            A(pick(F['C4']) + a, reply_gap())
        elif ev == 'C6':
            # the customer thanks, then asks on; the agent answers without acknowledging
            C(pick(P['cust_thanks']))
            C(q, 3000 + int(r() * 4000))
            A(a, 2000 + int(r() * 8000))
        elif ev == 'K2':
            C(q)
            A(fill(pick(F['K2'])), reply_gap())
            C(pick(P['cust_ack']))
            A(a, reply_gap())
        elif ev in ('K3', 'PII_OK'):
            C(fill(pick(P['cust_pii'])))
            if ev == 'PII_OK':
                A(fill(pick(P['secure_steer'])), reply_gap())
                traps.append('PII_STEERED')
            else:
                A(fill(pick(P['wait'])), reply_gap())
            A(a, 6000 + int(r() * 25000))
        elif ev in ('A3', 'A3_OK'):
            C(q)
            A(a, reply_gap())
            C(pick(P['angry']))
            if ev == 'A3':
                A(fill(pick(P['wait'])), 2000 + int(r() * 3000))
            else:
                A(pick(P['empathy']), 2000 + int(r() * 3000))
                traps.append('ANGRY_ACK')
            A(fill(pick(P['angry_fix'])), 6000 + int(r() * 25000))
        elif ev in ('S3', 'S3_OK'):
            C(pick(P['escal_request']))
            if ev == 'S3_OK':
                A(pick(P['escal_done']), reply_gap())
                pool = self.agent_pools[lang]
                j = int(r() * len(pool))
                if pool[j][0] == cur_agent[0]:
                    j = (j + 1) % len(pool)
                cur_agent[0] = pool[j][0]
                A(fill(pick(P['supervisor_greet'])), 8000 + int(r() * 40000))
                traps.append('ESCALATED')
            else:
                A(pick(P['escal_stall']), reply_gap())
                if r() < 0.6:
                    C(pick(P['escal_request']))
                    A(pick(P['escal_done']), 70000 + int(r() * 120000))
        elif ev in ('XFER', 'XFER_OK'):
            pool = self.agent_pools[lang]
            j = int(r() * len(pool))
            if pool[j][0] == cur_agent[0]:
                j = (j + 1) % len(pool)
            new_id, new_nick = pool[j]
            if ev == 'XFER_OK':
                A(pick(P['transfer_notice']), agent_gap())
                cur_agent[0] = new_id
                A(pick(P['transfer_greet']).format(aname=new_nick, ename=new_nick), 5000 + int(r() * 35000))
                A(fill(pick(P['transfer_followup'])), 6000 + int(r() * 25000))
                traps.append('TRANSFER')
            else:
                cur_agent[0] = new_id
                A(pick(P['transfer_greet_bad']), agent_gap())
            C(q)
            A(a, reply_gap())
        elif ev == 'MULTILINE':
            C(pick(P['how_q']))
            A(pick(P['multiline']), reply_gap())
        elif ev == 'QUOTE':
            C(pick(P['how_q']))
            A(pick(P['quote_lines']), reply_gap())
        elif ev == 'PHONE':
            C(fill(pick(P['phone_give'])))
            A(fill(pick(P['agent_phone_ok'])), reply_gap())

    def build_unserved(self, lang, P, sid, cid, start_ms, bot_only, traps):
        r, pick = self.r, self.pick
        topic = P['topics'][int(r() * len(P['topics']))]
        slots = {}
        q = pick(topic['open'])
        while True:
            try:
                q = q.format_map(slots)
                break
            except KeyError as e:
                slots[e.args[0]] = self.slot(e.args[0], lang)
        t = start_ms
        msgs = []
        channel = P['channels'][int(r() * len(P['channels']))][0]
        if bot_only:
            msgs.append((t, 'b', None, pick(P['bot_greet'])))
            t += 5000 + int(r() * 30000)
            msgs.append((t, 'c', None, q))
            t += 1000 + int(r() * 1000)
            msgs.append((t, 'b', None, pick(P['bot_answer'])))
            if r() < 0.5:
                t += 5000 + int(r() * 30000)
                msgs.append((t, 'c', None, pick(P['cust_to_human'])))
                t += 1000
                msgs.append((t, 'b', None, pick(P['bot_queue_left']).format(queue=3 + int(r() * 20))))
            else:
                t += 5000 + int(r() * 30000)
                msgs.append((t, 'c', None, pick(P['cust_ack'])))
        else:
            msgs.append((t, 'c', None, q))
            t += 30000 + int(r() * 60000)
            msgs.append((t, 'c', None, pick(P['follow_ups'])))
        t += 60000 + int(r() * 120000)
        msgs.append((t, 's', None, pick(P['sys_end'])))
        return sid, channel, cid, '', '', msgs, ['UNSERVED_BOT' if bot_only else 'UNSERVED_LEFT'], traps

    # -- serialisation ------------------------------------------------------------------------
    def ts_str(self, ms):
        sec = ms // 1000
        s = self.ts_cache.get(sec)
        if s is None:
            s = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(sec + 8 * 3600))
            self.ts_cache[sec] = s
        return s

    def lines(self, lang, sess):
        sid, channel, cid, csat, status, msgs, faults, traps = sess
        roles = LANGS[lang]['role_words'] if self.zh_headers else LANGS['en']['role_words']
        if self.zh_headers and lang == 'en':
            roles = LANGS['zh']['role_words']
        out = []
        if self.fmt == 'csv':
            w = self.writer.writerow
            buf = self._out
            for tm, role, ag, text in msgs:
                w((sid, self.ts_str(DAY_MS + tm), roles[role], ag or '', text, channel, cid, csat, status))
                out.append((tm, buf.pop().encode()))
        else:
            dumps = json.dumps
            cs = csat if csat else 'null'
            st = dumps(status, ensure_ascii=False) if status else 'null'
            head = '{"session_id":"%s","ts":%d,"role":"%s","agent_id":%s,"text":%s,"channel":%s,"customer_id":"%s","csat":%s,"status":%s}\n'
            ch = dumps(channel, ensure_ascii=False)
            for tm, role, ag, text in msgs:
                out.append((tm, (head % (sid, DAY_MS + tm, roles[role], '"%s"' % ag if ag else 'null',
                                         dumps(text, ensure_ascii=False), ch, cid, cs, st)).encode()))
        return out

    # -- main loop ------------------------------------------------------------------------------
    def run(self, out):
        target = self.args.size_bytes
        r = self.r
        heap = []
        push, pop = heapq.heappush, heapq.heappop
        wbuf = []
        written = 0
        if self.fmt == 'csv':
            self.writer.writerow(HEADER_ZH if self.zh_headers else HEADER_EN)
            hb = self._out.pop().encode()
            out.write(hb)
            written = len(hb)
        generated = written
        lang_cum = self._cum([s for _, s in LANG_SHARE])
        lang_names = [l for l, _ in LANG_SHARE]
        open_end = []  # end times of open sessions, for the concurrency figure
        while generated < target:
            base = self.start_ms_for(generated / target)
            start = base + int(r() * 20000)
            while heap and heap[0][0] < base:
                wbuf.append(pop(heap)[2])
            if len(wbuf) > 2048:
                out.write(b''.join(wbuf))
                wbuf.clear()
            lang = self._wpick(lang_names, lang_cum)
            sess = self.build(lang, start)
            rows = self.lines(lang, sess)
            seq = self.seq
            for tm, b in rows:
                key = tm
                if r() < 0.0015:
                    key = tm + 5000 + int(r() * 35000)  # a late row
                seq += 1
                push(heap, (key, seq, b))
                generated += len(b)
            self.seq = seq
            self.sessions += 1
            self.messages += len(rows)
            for m in sess[5]:
                if m[2]:
                    self.agents_seen.add(m[2])
            while open_end and open_end[0] < start:
                heapq.heappop(open_end)
            heapq.heappush(open_end, sess[5][-1][0])
            if len(open_end) > self.max_open:
                self.max_open = len(open_end)
            if self.truth is not None:
                sid, channel, cid, csat, status, msgs, faults, traps = sess
                if 'REPEAT' in traps:
                    prev = self.last_by_cid.get(cid)
                    if prev is not None:
                        self.truth[prev][5].append('S4')
                self.last_by_cid[cid] = sid
                agent = next((m[2] for m in msgs if m[2]), '')
                self.truth[sid] = [sid, lang, channel, agent, str(len(msgs)), list(faults), traps, csat, status]
                self.truth_order.append(sid)
        while heap:
            wbuf.append(pop(heap)[2])
        out.write(b''.join(wbuf))
        return generated


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--format', choices=['csv', 'ndjson'], default='csv')
    ap.add_argument('--size', default='100M', help='stop after the session that crosses this size (K/M/G, decimal)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('-o', '--output', required=True, help='output file, - for stdout')
    ap.add_argument('--chinese-headers', action='store_true', help='CSV: Chinese header and role words')
    ap.add_argument('--agents', type=int, default=400, help='number of agents (default 400)')
    ap.add_argument('--truth', help='write the planned faults per session to this TSV file')
    args = ap.parse_args()
    args.size_bytes = parse_size(args.size)
    g = Gen(args)
    g.last_by_cid = {}
    t0 = time.time()
    out = sys.stdout.buffer if args.output == '-' else open(args.output + '.tmp', 'wb', buffering=1 << 20)
    n = g.run(out)
    if out is not sys.stdout.buffer:
        out.close()
        os.replace(args.output + '.tmp', args.output)
    if g.truth is not None:
        with open(args.truth, 'w', encoding='utf-8') as f:
            f.write('session_id\tlang\tchannel\tagent\tmessages\tfaults\ttraps\tcsat\tstatus\n')
            for sid in g.truth_order:
                row = g.truth[sid]
                f.write('\t'.join(row[:5] + [','.join(row[5]), ','.join(row[6]), row[7], row[8]]) + '\n')
    print('gen_transcripts: %d bytes, %d sessions, %d messages, %d agents (%s, seed %d, max %d sessions open, %.1f s)'
          % (n, g.sessions, g.messages, len(g.agents_seen), args.format + (' zh-headers' if args.chinese_headers else ''),
             args.seed, g.max_open, time.time() - t0), file=sys.stderr)


if __name__ == '__main__':
    main()
