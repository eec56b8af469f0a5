#!/usr/bin/env python3
"""An independent ot-match: the join in SQL (sqlite3), the rest in a few
lines of Python, for the tests to compare with.

match-oracle.py OURS THEIRS PAIRS.csv SUMMARY.json [--rules T1,T3]
    [--min-rules N] [--threshold N] [--one-to-one | --all-pairs]
    [--max-group N]

Writes the pairs (RecordIdA,RecordIdB,Rules,Score, rules in byte order,
a rule of several rows with the number that agree, pairs sorted) and the
summary numbers ot-match's JSON carries.  A pair's score is the sum of
its agreeing rows' weights (T1-T4 6, T5 2, each T7 row 1); by default
each record keeps its best partner, a tie keeping none, and a pair is
written from a score of 4.  RuleIds ot does not know are left out."""
import csv, itertools, json, sqlite3, sys

BLANK = "0" * 64
WEIGHT = {"T1": 6, "T2": 6, "T3": 6, "T4": 6, "T5": 2, "T7": 1}
MULTI = {"T7"}


def load(db, table, path):
    db.execute(f"CREATE TABLE {table} (rec INTEGER, id TEXT, rule TEXT, token TEXT)")
    rec, last, rows = -1, None, []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["RecordId"] != last:      # a record: a run of one RecordId
                rec += 1
                last = r["RecordId"]
            if r["RuleId"] in WEIGHT:
                rows.append((rec, r["RecordId"], r["RuleId"], r["Token"].strip()))
    db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows)
    return rec + 1


def side_stats(db, me, other, n):
    q = lambda sql: db.execute(sql).fetchall()
    tok = dict(q(f"SELECT rule, count(*) FROM {me} WHERE token != '{BLANK}' GROUP BY rule"))
    shared = dict(q(f"SELECT rule, count(*) FROM {me} m WHERE token != '{BLANK}' AND EXISTS "
                    f"(SELECT 1 FROM {other} o WHERE o.rule = m.rule AND o.token = m.token) GROUP BY rule"))
    return {
        "Records": n,
        "RecordsWithTokens": q(f"SELECT count(DISTINCT rec) FROM {me} WHERE token != '{BLANK}'")[0][0],
        "TokenCollisions": q(f"SELECT count(*) FROM (SELECT rule, token FROM {me} WHERE token != '{BLANK}' "
                             f"GROUP BY rule, token HAVING count(DISTINCT rec) > 1)")[0][0],
        "TokensByRule": tok,
        "SharedTokensByRule": shared,
    }


def main():
    ours, theirs, out_pairs, out_summary = sys.argv[1:5]
    rules, min_rules, one, max_group, threshold = None, 1, True, 1000, 4
    args = sys.argv[5:]
    while args:
        a = args.pop(0)
        if a == "--rules":
            rules = set(args.pop(0).split(","))
        elif a == "--min-rules":
            min_rules = int(args.pop(0))
        elif a == "--one-to-one":
            one = True
        elif a == "--all-pairs":
            one = False
        elif a == "--threshold":
            threshold = int(args.pop(0))
        elif a == "--max-group":
            max_group = int(args.pop(0))
    db = sqlite3.connect(":memory:")
    na, nb = load(db, "a", ours), load(db, "b", theirs)
    names = sorted({r for (r,) in db.execute("SELECT DISTINCT rule FROM a UNION SELECT DISTINCT rule FROM b")})
    # a token both hold, of a rule that counts, that more than max_group
    # records of one side hold, pairs no one
    size = lambda t: (f"(SELECT rule, token, count(DISTINCT rec) AS n FROM {t} "
                      f"WHERE token != '{BLANK}' GROUP BY rule, token)")
    oversized = {}
    for rule, token in db.execute(
            f"SELECT x.rule, x.token FROM {size('a')} x JOIN {size('b')} y "
            f"ON x.rule = y.rule AND x.token = y.token WHERE x.n > {max_group} OR y.n > {max_group}"):
        if rules is None or rule in rules:
            oversized[(rule, token)] = True
    agree = {}
    ids = {}
    for ra, ia, rb, ib, rule, token in db.execute(
            f"SELECT DISTINCT a.rec, a.id, b.rec, b.id, a.rule, a.token FROM a JOIN b "
            f"ON a.rule = b.rule AND a.token = b.token WHERE a.token != '{BLANK}'"):
        if (rules is None or rule in rules) and (rule, token) not in oversized:
            c = agree.setdefault((ra, rb), {})
            c[rule] = c.get(rule, 0) + 1
            ids[ra], ids[("b", rb)] = ia, ib
    pairs = {k: v for k, v in agree.items() if len(v) >= min_rules}
    score = {k: min(255, sum(WEIGHT[r] * n for r, n in v.items())) for k, v in pairs.items()}
    amb = [0, 0]
    if one:
        best_a, best_b = {}, {}
        for (a, b) in pairs:
            best_a[a] = max(best_a.get(a, 0), score[(a, b)])
            best_b[b] = max(best_b.get(b, 0), score[(a, b)])
        cand = {k: v for k, v in pairs.items() if score[k] == best_a[k[0]] == best_b[k[1]]}
        ca, cb = {}, {}
        for a, b in cand:
            ca[a] = ca.get(a, 0) + 1
            cb[b] = cb.get(b, 0) + 1
        amb = [sum(1 for a, v in ca.items() if v > 1 and best_a[a] >= threshold),
               sum(1 for b, v in cb.items() if v > 1 and best_b[b] >= threshold)]
        pairs = {k: v for k, v in cand.items() if ca[k[0]] == 1 and cb[k[1]] == 1}
    pairs = {k: v for k, v in pairs.items() if score[k] >= threshold}
    show = lambda v: ";".join(r + (f":{v[r]}" if r in MULTI else "") for r in sorted(v))
    with open(out_pairs, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["RecordIdA", "RecordIdB", "Rules", "Score"])
        for (a, b) in sorted(pairs):
            w.writerow([ids[a], ids[("b", b)], show(pairs[(a, b)]), score[(a, b)]])
    s = {"Ours": side_stats(db, "a", "b", na), "Theirs": side_stats(db, "b", "a", nb)}
    for i, key in ((0, "Ours"), (1, "Theirs")):
        per = {}
        for (a, b) in pairs:
            per[(a, b)[i]] = per.get((a, b)[i], 0) + 1
        s[key]["MatchedRecords"] = len(per)
        s[key]["RecordsWithSeveralPartners"] = sum(1 for v in per.values() if v > 1)
        if one:
            s[key]["AmbiguousRecords"] = amb[i]
    s["Pairs"] = len(pairs)
    by_score = {}
    for k in pairs:
        by_score[str(score[k])] = by_score.get(str(score[k]), 0) + 1
    s["PairsByScore"] = by_score
    s["PairsByAgreeingRules"] = {str(k): sum(1 for v in pairs.values() if len(v) == k)
                                 for k in range(1, len(names) + 1)}
    s["PairsByRule"] = {r: sum(1 for v in pairs.values() if r in v) for r in names}
    s["OversizedGroupsByRule"] = {r: sum(1 for (x, _) in oversized if x == r) for r in names}
    json.dump(s, open(out_summary, "w"), indent=1, sort_keys=True)


main()
