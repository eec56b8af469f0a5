#!/usr/bin/python3
"""rows.py csv|json [FILE]: rows in one canonical form, a JSON array per
line, to compare what different readers make of a table: "csv" reads a
CSV file, "json" the JSON lines of tests/node/pq.mjs (a null becomes the
empty field, as ot writes it)."""
import csv
import json
import sys

kind = sys.argv[1]
src = open(sys.argv[2], newline="", encoding="utf-8") if len(sys.argv) > 2 \
    else open(sys.stdin.fileno(), newline="", encoding="utf-8")
if kind == "csv":
    rows = csv.reader(src)
else:
    rows = ([("" if v is None else v) for v in json.loads(line)]
            for line in src if line.strip())
for r in rows:
    print(json.dumps(r, ensure_ascii=False, separators=(",", ":")))
