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
  jose.py tamper WHAT < v1.csv > bad.csv
      the first token altered: WHAT is kid (the header re-encoded with
      another kid), none (alg none), ek, ciphertext or tag (a character
      changed), truncate (five characters cut), big-header, big-payload
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


def rows(copy_header=True):
    r = csv.reader(sys.stdin)
    w = csv.writer(sys.stdout, lineterminator="\n")
    head = next(r)
    if copy_header:
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
    r, _, t, _ = rows(copy_header=False)
    for row in r:
        seg = row[t][len(PREFIX):].split(".")[0]
        print(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)).decode())


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def flip(s):
    return ("B" if s[0] == "A" else "A") + s[1:]


def tamper(what):
    r, w, t, _ = rows()
    first = True
    for row in r:
        if first:
            first = False
            parts = row[t][len(PREFIX):].split(".")
            hdr = json.loads(unb64(parts[0]))
            if what == "kid":
                hdr["kid"] = "another-ring"
                parts[0] = b64(json.dumps(hdr).encode())
            elif what == "none":
                hdr["alg"] = "none"
                parts[0] = b64(json.dumps(hdr).encode())
            elif what == "big-header":
                hdr["x"] = "x" * 3000
                parts[0] = b64(json.dumps(hdr).encode())
            elif what == "big-payload":
                parts[3] = "A" * 6000
            else:
                i = {"ek": 1, "ciphertext": 3, "tag": 4}.get(what)
                if i is not None:
                    parts[i] = flip(parts[i])
            row[t] = PREFIX + ".".join(parts)
            if what == "truncate":
                row[t] = row[t][:-5]
        w.writerow(row)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "open":
        open_tokens(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif cmd == "seal":
        seal_tokens(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "header":
        headers()
    elif cmd == "tamper":
        tamper(sys.argv[2])
    else:
        sys.exit(__doc__)
