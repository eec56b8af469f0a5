#!/usr/bin/python3
"""ot.V1 tokens through an independent JOSE implementation (jwcrypto):

  jose.py open KEY [PRIVATE.pem] < v1.csv > hashed.csv
      every token opened: the JWE by jwcrypto (with KEY, a file of the 32
      key bytes, for dir and A256GCMKW; with PRIVATE.pem, an EC or RSA
      key, for ECDH-ES, ECDH-ES+A256KW and RSA-OAEP-256), then ppid's
      legacy layer by python3-cryptography (none when ppid is the
      hash-only token, a blank or a vector)
  jose.py payload KEY [PRIVATE.pem] < v1.csv
      each token's payload, opened as above, as JSON, one per line
  jose.py seal ALG KEY RING [NAME=VALUE...] < hashed.csv > v1.csv
      every token sealed as the reference's V1 branch does: ppid the
      legacy encrypted token under KEY, the JWE of alg ALG (dir or
      A256GCMKW) under KEY; with the other algs, KEY is the receiver's
      public key (PEM) and ppid the hash-only token (and with
      ppid=mac, with dir and A256GCMKW too, as the match-token document
      has it).  NAME=VALUE pairs
      set payload members: hash_alg, mac_alg, iss, exp, nbf (numbers),
      dims (rule T8 rows are vectors of that many float32), kid (the
      header's kid, if not RING)
  jose.py header < v1.csv
      each token's protected header as JSON, one per line
  jose.py tamper WHAT < v1.csv > bad.csv
      the first token altered: WHAT is kid (the header re-encoded with
      another kid), none (alg none), ek, ciphertext or tag (a character
      changed), truncate (five characters cut), big-header, big-payload,
      epk (the ephemeral key moved off its curve)
  jose.py hash HASH MAC SECRET < signatures.csv > hashed.csv
      the hash-only tokens of signatures by Python's hashlib and hmac:
      base64(HMAC-MAC(secret, hex(HASH(signature)))), blank for none
  jose.py vectors DIMS < hashed.csv > with-t8.csv
      a T8 row after each record's rows: DIMS float32 values made from
      its RecordId, little-endian, in base64
"""
import base64
import csv
import hashlib
import hmac
import json
import os
import struct
import sys
import time

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from jwcrypto import jwe, jwk

BLANK = "0" * 64
PREFIXES = ("ot.V1.", "olt.V1.")
SYMMETRIC = ("dir", "A256GCMKW")
HASHES = {"SHA-256": hashlib.sha256, "SHA-384": hashlib.sha384,
          "SHA-512": hashlib.sha512, "SHA3-256": hashlib.sha3_256,
          "SHA3-384": hashlib.sha3_384, "SHA3-512": hashlib.sha3_512}
MACS = {"HS256": hashlib.sha256, "HS384": hashlib.sha384,
        "HS512": hashlib.sha512, "HS3-256": hashlib.sha3_256,
        "HS3-384": hashlib.sha3_384, "HS3-512": hashlib.sha3_512}


def is_mac(tok, mac):
    """Whether tok is the standard base64 of a MAC of that algorithm."""
    try:
        return len(tok) % 4 == 0 and len(base64.b64decode(tok, validate=True)) == \
            MACS[mac]().digest_size
    except ValueError:
        return False


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
    return r, w, t, head.index("RuleId"), head


def strip(tok):
    for p in PREFIXES:
        if tok.startswith(p):
            return tok[len(p):]
    raise AssertionError("not a V1 token: " + tok[:20])


def opening_key(keyfile, pem):
    key = open(keyfile, "rb").read() if keyfile != "-" else None
    if pem:
        return key, jwk.JWK.from_pem(open(pem, "rb").read())
    return key, jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(key).rstrip(b"=").decode())


def open_one(tok, jkey):
    e = jwe.JWE()
    e.deserialize(strip(tok), key=jkey)
    hdr = json.loads(e.objects["protected"])
    assert hdr["typ"] == "match-token" and hdr["enc"] == "A256GCM", hdr
    return hdr, json.loads(e.payload)


def open_tokens(keyfile, pem):
    key, jkey = opening_key(keyfile, pem)
    r, w, t, _, _ = rows()
    for row in r:
        hdr, p = open_one(row[t], jkey)
        ppid = p["ppid"][0] if isinstance(p["ppid"], list) else p["ppid"]
        assert p["rid"] == hdr["kid"], p
        assert p["hash_alg"] in HASHES and p["mac_alg"] in MACS, p
        for k in ("exp", "nbf"):
            assert k not in hdr or p.get(k) == hdr[k], (k, p, hdr)
        # ppid is the hash-only token, or (the reference's V1 branch)
        # the legacy encrypted one, under the same key
        inner = hdr["alg"] in SYMMETRIC and key is not None and ppid != BLANK \
            and "ppid_dtype" not in p and not is_mac(ppid, p["mac_alg"])
        row[t] = legacy_open(key, ppid) if inner else ppid
        w.writerow(row)


def payloads(keyfile, pem):
    _, jkey = opening_key(keyfile, pem)
    r, _, t, _, _ = rows(copy_header=False)
    for row in r:
        print(json.dumps(open_one(row[t], jkey)[1], sort_keys=True))


def seal_tokens(alg, keyfile, ring, opts):
    if alg in SYMMETRIC:
        key = open(keyfile, "rb").read()
        jkey = jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(key).rstrip(b"=").decode())
    else:
        jkey, key = jwk.JWK.from_pem(open(keyfile, "rb").read()), None
    dims = int(opts.pop("dims", 0))
    kid = opts.pop("kid", ring)
    if opts.pop("ppid", "legacy") == "mac":
        key = None
    r, w, t, ri, _ = rows()
    for row in r:
        tok = row[t]
        vector = dims and row[ri] == "T8" and tok != BLANK
        ppid = tok if tok == BLANK or key is None or vector else legacy_seal(key, tok)
        payload = {"rlid": row[ri], "hash_alg": "SHA-256", "mac_alg": "HS256",
                   "ppid": [ppid]}
        if vector:
            payload.update(ppid_dtype="float32", ppid_dims=dims)
        payload.update(rid=ring, iss="truveta.opentoken", iat=int(time.time()))
        for k, v in opts.items():
            payload[k] = int(v) if k in ("exp", "nbf") else v
        e = jwe.JWE(json.dumps(payload).encode(),
                    json.dumps({"alg": alg, "enc": "A256GCM", "kid": kid,
                                "typ": "match-token"}))
        e.add_recipient(jkey)
        row[t] = "ot.V1." + e.serialize(compact=True)
        w.writerow(row)


def headers():
    r, _, t, _, _ = rows(copy_header=False)
    for row in r:
        print(unb64(strip(row[t]).split(".")[0]).decode())


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def flip(s):
    return ("B" if s[0] == "A" else "A") + s[1:]


def tamper(what):
    r, w, t, _, _ = rows()
    first = True
    for row in r:
        if first:
            first = False
            parts = strip(row[t]).split(".")
            hdr = json.loads(unb64(parts[0]))
            if what == "kid":
                hdr["kid"] = "another-ring"
            elif what == "none":
                hdr["alg"] = "none"
            elif what == "big-header":
                hdr["x"] = "x" * 3000
            elif what == "epk":
                y = int.from_bytes(unb64(hdr["epk"]["y"]), "big") ^ 1
                hdr["epk"]["y"] = b64(y.to_bytes(len(unb64(hdr["epk"]["y"])), "big"))
            if what in ("kid", "none", "big-header", "epk"):
                parts[0] = b64(json.dumps(hdr).encode())
            elif what == "big-payload":
                parts[3] = "A" * 66000
            else:
                i = {"ek": 1, "ciphertext": 3, "tag": 4}.get(what)
                if i is not None:
                    parts[i] = flip(parts[i])
            row[t] = "ot.V1." + ".".join(parts)
            if what == "truncate":
                row[t] = row[t][:-5]
        w.writerow(row)


def hash_tokens(hname, mname, secretfile):
    secret = open(secretfile, "rb").read()
    h, m = HASHES[hname], MACS[mname]
    r = csv.reader(sys.stdin)
    w = csv.writer(sys.stdout, lineterminator="\n")
    head = next(r)
    s = head.index("Signature")
    head[s] = "Token"
    w.writerow(head)
    for row in r:
        if row[s] == "":
            row[s] = BLANK
        else:
            digest = h(row[s].encode()).hexdigest()
            row[s] = base64.b64encode(hmac.new(secret, digest.encode(), m).digest()).decode()
        w.writerow(row)


def vectors(dims):
    r, w, t, ri, head = rows()
    idc = head.index("RecordId")
    last = None

    def vector_row(rid):
        seed = hashlib.sha256(rid.encode()).digest()
        vals = [((seed[i % 32] - 128) / 16.0) + i / 1000.0 for i in range(dims)]
        out = list(template)
        out[ri], out[t], out[idc] = "T8", base64.b64encode(struct.pack("<%df" % dims, *vals)).decode(), rid
        return out
    template = None
    for row in r:
        if last is not None and row[idc] != last:
            w.writerow(vector_row(last))
        template, last = row, row[idc]
        w.writerow(row)
    if last is not None:
        w.writerow(vector_row(last))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "open":
        open_tokens(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif cmd == "payload":
        payloads(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif cmd == "seal":
        seal_tokens(sys.argv[2], sys.argv[3], sys.argv[4],
                    dict(a.split("=", 1) for a in sys.argv[5:]))
    elif cmd == "header":
        headers()
    elif cmd == "tamper":
        tamper(sys.argv[2])
    elif cmd == "hash":
        hash_tokens(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "vectors":
        vectors(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
