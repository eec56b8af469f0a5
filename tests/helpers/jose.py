#!/usr/bin/python3
"""ot.V1 tokens through an independent JOSE implementation (jwcrypto):

  jose.py open KEY [PRIVATE.pem] < v1.csv > hashed.csv
      every token opened: the JWE by jwcrypto (with KEY, a file of the 32
      key bytes, for dir and A256GCMKW; with PRIVATE.pem for
      ECDH-ES+A256KW), then ppid's legacy layer by python3-cryptography
      (none when ppid is the hash-only token or a blank)
  jose.py seal ALG KEY RING < hashed.csv > v1.csv
      every token sealed as the reference's V1 branch does: ppid the
      legacy encrypted token under KEY, the JWE of alg ALG (dir or
      A256GCMKW) under KEY; with ALG ECDH-ES+A256KW, KEY is the
      receiver's public key (PEM) and ppid the hash-only token
  jose.py header < v1.csv
      each token's protected header as JSON, one per line
"""
import base64
import csv
import json
import os
import sys
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from jwcrypto import jwe, jwk

BLANK = "0" * 64
PREFIX = "ot.V1."


def legacy_open(key, tok):
    raw = base64.b64decode(tok)
    return AESGCM(key).decrypt(raw[:12], raw[12:], None).decode()


def legacy_seal(key, tok):
    iv = os.urandom(12)
    return base64.b64encode(iv + AESGCM(key).encrypt(iv, tok.encode(), None)).decode()


def rows():
    r = csv.reader(sys.stdin)
    w = csv.writer(sys.stdout, lineterminator="\n")
    head = next(r)
    w.writerow(head)
    t = head.index("Token")
    return r, w, t, head.index("RuleId")


def open_tokens(keyfile, pem):
    key = open(keyfile, "rb").read() if keyfile != "-" else None
    if pem:
        jkey = jwk.JWK.from_pem(open(pem, "rb").read())
    else:
        jkey = jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(key).rstrip(b"=").decode())
    r, w, t, _ = rows()
    for row in r:
        tok = row[t]
        assert tok.startswith(PREFIX), tok
        e = jwe.JWE()
        e.deserialize(tok[len(PREFIX):], key=jkey)
        p = json.loads(e.payload)
        ppid = p["ppid"][0] if isinstance(p["ppid"], list) else p["ppid"]
        hdr = json.loads(e.objects["protected"])
        assert hdr["typ"] == "match-token" and hdr["enc"] == "A256GCM", hdr
        assert p["rid"] == hdr["kid"] and p["hash_alg"] == "SHA-256" and p["mac_alg"] == "HS256", p
        row[t] = ppid if ppid == BLANK or key is None else legacy_open(key, ppid)
        w.writerow(row)


def seal_tokens(alg, keyfile, ring):
    if alg == "ECDH-ES+A256KW":
        jkey, key = jwk.JWK.from_pem(open(keyfile, "rb").read()), None
    else:
        key = open(keyfile, "rb").read()
        jkey = jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(key).rstrip(b"=").decode())
    r, w, t, ri = rows()
    for row in r:
        tok = row[t]
        ppid = tok if tok == BLANK or key is None else legacy_seal(key, tok)
        payload = {"rlid": row[ri], "hash_alg": "SHA-256", "mac_alg": "HS256",
                   "ppid": [ppid], "rid": ring, "iss": "truveta.opentoken",
                   "iat": int(time.time())}
        e = jwe.JWE(json.dumps(payload).encode(),
                    json.dumps({"alg": alg, "enc": "A256GCM", "kid": ring, "typ": "match-token"}))
        e.add_recipient(jkey)
        row[t] = PREFIX + e.serialize(compact=True)
        w.writerow(row)


def headers():
    r, _, t, _ = rows()
    for row in r:
        seg = row[t][len(PREFIX):].split(".")[0]
        print(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)).decode())


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "open":
        open_tokens(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif cmd == "seal":
        seal_tokens(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "header":
        headers()
    else:
        sys.exit(__doc__)
