#!/usr/bin/env python3
"""Rewrite ot-normalize's stream in the layout of the conformance files
<b>.normalized.csv: RowNumber,RecordId,Attribute,Value, attributes sorted,
INVALID for an empty field, MISSING for an absent column."""
import csv
import sys

ATTRS = ["BirthDate", "FirstName", "LastName", "PostalCode", "Sex",
         "SocialSecurityNumber"]

rows = csv.reader(sys.stdin)
header = next(rows)
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["RowNumber", "RecordId", "Attribute", "Value"])
for n, row in enumerate(rows, 1):
    rec = dict(zip(header, row))
    for a in ATTRS:
        if a not in rec:
            v = "MISSING"
        else:
            v = rec[a] or "INVALID"
        out.writerow([n, rec["RecordId"], a, v])
