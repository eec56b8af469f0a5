#!/usr/bin/env python3
"""olt21.py: checks against the OpenLinkToken 2.1 vectors.

  normalized4-input TABLE          a CSV of the table's values, one record
                                   a row, each in its attribute's column
  normalized4-check TABLE COL OURS our ot-normalize output of that CSV
                                   against the table's column COL
  normalized-check REF OURS        ot-normalize output against a
                                   *.normalized.csv (RowNumber, RecordId,
                                   Attribute, Value: INVALID or MISSING
                                   are our empty fields)
  signatures-check REF OURS        ot-sign output against a
                                   *.signatures.csv (BLANK: empty)
Files may be gzip'd.  Exits 1 naming each difference (up to 20)."""
import csv
import gzip
import json
import sys

ATTRS = ["FirstName", "LastName", "BirthDate", "Sex", "PostalCode",
         "SocialSecurityNumber"]


def rows(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def report(bad, n):
    for b in bad[:20]:
        print(b)
    print(f"{len(bad)} of {n} differ", file=sys.stderr)
    sys.exit(1 if bad else 0)


def main():
    cmd = sys.argv[1]
    if cmd == "normalized4-input":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["RecordId"] + ATTRS)
        for i, r in enumerate(rows(sys.argv[2])):
            rec = [f"row{i}"] + [""] * len(ATTRS)
            rec[1 + ATTRS.index(r["Attribute"])] = json.loads(r["InputJson"])
            w.writerow(rec)
    elif cmd == "normalized4-check":
        table, col, ours = sys.argv[2], sys.argv[3], rows(sys.argv[4])
        bad = []
        ref = rows(table)
        for r, o in zip(ref, ours):
            want = "" if r[col] == "INVALID" else r[col]
            got = o[r["Attribute"]]
            if got != want:
                bad.append(f"{r['RecordId']} {r['Attribute']} {r['InputJson']}: "
                           f"{col} {want!r}, ours {got!r}")
        if len(ours) != len(ref):
            bad.append(f"{len(ours)} records, the table has {len(ref)}")
        report(bad, len(ref))
    elif cmd == "normalized-check":
        ref, ours = rows(sys.argv[2]), rows(sys.argv[3])
        bad = []
        for r in ref:
            i = int(r["RowNumber"]) - 1
            want = "" if r["Value"] in ("INVALID", "MISSING") else r["Value"]
            got = ours[i].get(r["Attribute"], "") if i < len(ours) else None
            if got != want:
                bad.append(f"row {i + 1} {r['Attribute']}: reference {r['Value']!r}, ours {got!r}")
        report(bad, len(ref))
    elif cmd == "signatures-check":
        ref, ours = rows(sys.argv[2]), rows(sys.argv[3])
        bad = []
        for r, o in zip(ref, ours):
            want = "" if r["Signature"] == "BLANK" else r["Signature"]
            if (o["RuleId"], o["Signature"]) != (r["RuleId"], want):
                bad.append(f"row {r['RowNumber']} {r['RuleId']}: reference {r['Signature']!r}, ours {o['Signature']!r}")
        if len(ours) != len(ref):
            bad.append(f"{len(ours)} signatures, the reference has {len(ref)}")
        report(bad, len(ref))
    else:
        sys.exit("olt21.py: unknown command " + cmd)


main()
