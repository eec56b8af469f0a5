#!/usr/bin/env python3
"""compare-metadata.py OURS THEIRS: the counts and secret hashes of two
metadata files must be equal (the version and platform fields belong to
each implementation and are not compared)."""
import json
import sys

KEYS = ["HashingSecretHash", "EncryptionSecretHash", "TotalRows",
        "TotalRowsWithInvalidAttributes", "InvalidAttributesByType",
        "BlankTokensByRule"]

ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
bad = [k for k in KEYS if ours.get(k) != theirs.get(k)]
for k in bad:
    print(f"{k}: ours {ours.get(k)!r}, reference {theirs.get(k)!r}")
sys.exit(1 if bad else 0)
