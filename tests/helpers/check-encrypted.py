#!/usr/bin/python3
"""check-encrypted.py KEYFILE ENCRYPTED PLAIN: decrypt every token of
ENCRYPTED with an independent AES-256-GCM (python3-cryptography), check it
gives PLAIN row for row, and that no IV is used twice."""
import base64
import csv
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

BLANK = "0" * 64

key = open(sys.argv[1], "rb").read().rstrip(b"\n")
aes = AESGCM(key)
enc = list(csv.reader(open(sys.argv[2], newline="")))
plain = list(csv.reader(open(sys.argv[3], newline="")))
assert enc[0] == plain[0] == ["RuleId", "Token", "RecordId"], (enc[0], plain[0])
assert len(enc) == len(plain), (len(enc), len(plain))
ivs = set()
n = 0
for e, p in zip(enc[1:], plain[1:]):
    assert e[0] == p[0] and e[2] == p[2], (e, p)
    if p[1] == BLANK:
        assert e[1] == BLANK, e
        continue
    raw = base64.b64decode(e[1], validate=True)
    iv, body = raw[:12], raw[12:]
    assert iv not in ivs, "IV used twice"
    ivs.add(iv)
    assert aes.decrypt(iv, body, None).decode() == p[1], (e, p)
    n += 1
print(f"{n} tokens decrypted, {len(ivs)} distinct IVs")
