#!/usr/bin/env python3
"""An independent ot-match: the join in SQL (sqlite3), the rest in a few
lines of Python, for the tests to compare with.

match-oracle.py OURS THEIRS PAIRS.csv SUMMARY.json [--rules T1,T3]
    [--min-rules N] [--one-to-one] [--max-group N]

Writes the pairs (RecordIdA,RecordIdB,Rules, rules in byte order, pairs
sorted) and the summary numbers ot-match's JSON carries."""
import csv, itertools, json, sqlite3, sys

BLANK = "0" * 64


def load(db, table, path):
    db.execute(f"CREATE TABLE {table} (rec INTEGER, id TEXT, rule TEXT, token TEXT)")
    rec, last, rows = -1, None, []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["RecordId"] != last:      # a record: a run of one RecordId
                rec += 1
                last = r["RecordId"]
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
    rules, min_rules, one, max_group = None, 1, False, 1000
    args = sys.argv[5:]
    while args:
        a = args.pop(0)
        if a == "--rules":
            rules = set(args.pop(0).split(","))
        elif a == "--min-rules":
            min_rules = int(args.pop(0))
        elif a == "--one-to-one":
            one = True
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
            agree.setdefault((ra, rb), set()).add(rule)
            ids[ra], ids[("b", rb)] = ia, ib
    pairs = {k: v for k, v in agree.items() if len(v) >= min_rules}
    amb = [0, 0]
    if one:
        best_a, best_b = {}, {}
        for (a, b), v in pairs.items():
            best_a[a] = max(best_a.get(a, 0), len(v))
            best_b[b] = max(best_b.get(b, 0), len(v))
        cand = {k: v for k, v in pairs.items() if len(v) == best_a[k[0]] == best_b[k[1]]}
        ca, cb = {}, {}
        for a, b in cand:
            ca[a] = ca.get(a, 0) + 1
            cb[b] = cb.get(b, 0) + 1
        amb = [sum(1 for v in ca.values() if v > 1), sum(1 for v in cb.values() if v > 1)]
        pairs = {k: v for k, v in cand.items() if ca[k[0]] == 1 and cb[k[1]] == 1}
    with open(out_pairs, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["RecordIdA", "RecordIdB", "Rules"])
        for (a, b) in sorted(pairs):
            w.writerow([ids[a], ids[("b", b)], ";".join(sorted(pairs[(a, b)]))])
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
    s["PairsByAgreeingRules"] = {str(k): sum(1 for v in pairs.values() if len(v) == k)
                                 for k in range(1, len(names) + 1)}
    s["PairsByRule"] = {r: sum(1 for v in pairs.values() if r in v) for r in names}
    s["OversizedGroupsByRule"] = {r: sum(1 for (x, _) in oversized if x == r) for r in names}
    json.dump(s, open(out_summary, "w"), indent=1, sort_keys=True)


main()
