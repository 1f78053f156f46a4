#!/usr/bin/env python3
"""Break a facts score down by gold kind and by region/period error type.

  python3 tools/facts_breakdown.py PRED.tsv GOLD.tsv

Matching as ../shared/gold/score.py facts (doc, line, surface; one to one);
regions compared after its norm_region.  Per kind: gold rows, matched, and of
the matched how many have the right kind, region and period.  Region and
period errors of matched rows by type: empty (no prediction), wrong, spurious
(a prediction where the gold has none).
"""
import os, sys
from collections import Counter, defaultdict
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'gold'))
from score import read, norm_region  # noqa: E402

def main():
    pred, gold = read(sys.argv[1], None, 'facts'), read(sys.argv[2], None, 'facts')
    key = lambda r: (r['doc'], str(int(r['line'])), r['surface'])
    pool = defaultdict(list)
    for g in gold: pool[key(g)].append(g)
    pairs = []
    for p in pred:
        if pool.get(key(p)): pairs.append((p, pool[key(p)].pop(0)))
    by = defaultdict(Counter)
    for g in gold: by[g['kind']]['gold'] += 1
    reg, per = Counter(), Counter()
    for p, g in pairs:
        c = by[g['kind']]
        c['matched'] += 1
        c['kind'] += p['kind'] == g['kind']
        pr, gr = norm_region(p['region']), norm_region(g['region'])
        c['region'] += pr == gr
        c['period'] += p['period'] == g['period']
        if pr != gr: reg['empty' if not pr else 'spurious' if not gr else 'wrong'] += 1
        if p['period'] != g['period']:
            per['empty' if not p['period'] else 'spurious' if not g['period'] else 'wrong'] += 1
    print('kind        gold matched  kind region period')
    for k in sorted(by, key=lambda k: -by[k]['gold']):
        c = by[k]
        print(f"{k:10s} {c['gold']:5d} {c['matched']:7d} {c['kind']:5d} {c['region']:6d} {c['period']:6d}")
    print('region errors:', dict(reg), ' period errors:', dict(per))

if __name__ == '__main__':
    main()
