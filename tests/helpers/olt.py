#!/usr/bin/python3
"""OpenLinkToken 2.x exchange configs and olt.V1 tokens through
independent implementations: python3-jwcrypto (JWE) and
python3-cryptography (ECDH, HKDF, AES-GCM), as the reference itself uses:

  olt.py config CONFIG PRIVATE.pem
      decrypt the exchange config as that party, check its envelope (version
      1, the fixed protected header, two ECDH-ES+A256KW recipients, the
      sender's first, kids of the keys' fingerprints), re-derive the
      transport key (ECDH with the other party's key, HKDF-SHA256, salt the
      exchangeId, info openlinktoken:token-encryption:v1); print JSON:
      role, payload, hashingSecretHex, transportKeyHex
  olt.py open CONFIG PRIVATE.pem [ROWS] < tokens.csv > hashed.csv
      every olt.V1 token opened with the transport key by jwcrypto, its
      header and payload checked to be the reference's bytes (sorted compact
      header with kid, json.dumps payload, iss org.openlinktoken, rlid the
      RuleId), then ppid's inner AES-GCM opened (a blank stays); tokens
      that are not olt.V1 (encrypt's blanks) pass.  With ROWS=json, the
      input is tests/node/pq.mjs's JSON lines (a Parquet file's rows).
  olt.py seal CONFIG PRIVATE.pem RING < hashed.csv > olt.csv
      every token sealed as "olt package" does (blanks too), by jwcrypto
"""
import base64
import csv
import hashlib
import json
import os
import sys
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from jwcrypto import jwe, jwk

BLANK = "0" * 64
PREFIX = "olt.V1."
PROTECTED = ('{"typ":"openlinktoken-exchange+jwe",'
             '"cty":"application/openlinktoken-exchange+json","enc":"A256GCM"}')


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def fingerprint(pem):
    key = serialization.load_pem_public_key(pem.encode())
    der = key.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    h = hashlib.sha256(der).hexdigest().upper()
    return ":".join(h[i:i + 2] for i in range(0, 64, 2))


def kid(fp):
    return "sha256:" + fp.lower().replace(":", "-")


def exchange(config, private):
    env = json.load(open(config))
    assert env["version"] == 1, env.get("version")
    assert b64url_decode(env["protected"]).decode() == PROTECTED
    assert len(env["recipients"]) == 2
    for r in env["recipients"]:
        assert r["header"]["alg"] == "ECDH-ES+A256KW", r["header"]
        assert r["header"]["epk"]["kty"] == "EC", r["header"]
    pem = open(private, "rb").read()
    e = jwe.JWE()
    e.deserialize(json.dumps(env))
    e.decrypt(jwk.JWK.from_pem(pem))
    payload = json.loads(e.payload)
    # the payload's bytes are json.dumps(separators=(",", ":")) of it
    assert e.payload == json.dumps(payload, separators=(",", ":")).encode()
    assert list(payload) == ["exchangeName", "hashingSecret", "hashingSecretEncoding",
                             "senderKeyFingerprint", "recipientKeyFingerprint",
                             "senderPublicKey", "recipientPublicKey", "curve",
                             "createdAt", "exchangeId"], list(payload)
    fps = [fingerprint(payload["senderPublicKey"]),
           fingerprint(payload["recipientPublicKey"])]
    assert fps == [payload["senderKeyFingerprint"], payload["recipientKeyFingerprint"]]
    assert [r["header"]["kid"] for r in env["recipients"]] == [kid(f) for f in fps]
    own = serialization.load_pem_private_key(pem, None)
    mine = fingerprint(own.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo).decode())
    role = "sender" if mine == fps[0] else "recipient" if mine == fps[1] else None
    assert role is not None
    other = payload["recipientPublicKey" if role == "sender" else "senderPublicKey"]
    z = own.exchange(ec.ECDH(), serialization.load_pem_public_key(other.encode()))
    key = HKDF(algorithm=hashes.SHA256(), length=32,
               salt=payload["exchangeId"].encode(),
               info=b"openlinktoken:token-encryption:v1").derive(z)
    assert payload["hashingSecretEncoding"] == "base64url"
    return {"role": role, "payload": payload,
            "hashingSecretHex": b64url_decode(payload["hashingSecret"]).hex(),
            "transportKeyHex": key.hex()}


def rows(kind):
    if kind == "json":
        for line in sys.stdin:
            if line.strip():
                yield [("" if v is None else v) for v in json.loads(line)]
    else:
        yield from csv.reader(sys.stdin)


def transport(config, private):
    """The transport key as a JWK for jwcrypto and as AES-GCM."""
    key = bytes.fromhex(exchange(config, private)["transportKeyHex"])
    return (jwk.JWK(kty="oct", k=base64.urlsafe_b64encode(key).rstrip(b"=").decode()),
            AESGCM(key))


def token_rows(kind):
    """The input's rows after its header, the CSV writer of the output
    (the header written), and the Token and RuleId columns."""
    r = rows(kind)
    w = csv.writer(sys.stdout, lineterminator="\n")
    head = next(r)
    w.writerow(head)
    return r, w, head.index("Token"), head.index("RuleId")


def open_tokens(config, private, kind="csv"):
    jkey, aes = transport(config, private)
    r, w, t, rule = token_rows(kind)
    for row in r:
        tok = row[t]
        if tok.startswith(PREFIX):
            parts = tok[len(PREFIX):].split(".")
            assert len(parts) == 5 and parts[1] == "", tok
            e = jwe.JWE()
            e.deserialize(tok[len(PREFIX):], key=jkey)
            hdr = json.loads(b64url_decode(parts[0]))
            assert b64url_decode(parts[0]) == json.dumps(
                hdr, separators=(",", ":"), sort_keys=True).encode(), hdr
            assert list(hdr) == ["alg", "enc", "kid", "typ"], hdr
            assert (hdr["alg"], hdr["enc"], hdr["typ"]) == ("dir", "A256GCM", "match-token")
            p = json.loads(e.payload)
            assert e.payload == json.dumps(p).encode(), e.payload
            assert list(p) == ["rlid", "hash_alg", "mac_alg", "ppid", "rid", "iss", "iat"], p
            assert p["rlid"] == row[rule] and p["rid"] == hdr["kid"], (p, row)
            assert p["iss"] == "org.openlinktoken" and isinstance(p["iat"], int), p
            ppid = p["ppid"][0]
            if ppid != BLANK:
                raw = base64.b64decode(ppid, validate=True)
                ppid = aes.decrypt(raw[:12], raw[12:], None).decode()
            row[t] = ppid
        else:
            assert tok == BLANK or not row[rule], row
            if tok != BLANK:
                raw = base64.b64decode(tok, validate=True)
                row[t] = aes.decrypt(raw[:12], raw[12:], None).decode()
        w.writerow(row)


def seal_tokens(config, private, ring):
    jkey, aes = transport(config, private)
    r, w, t, rule = token_rows("csv")
    for row in r:
        ppid = row[t]
        if ppid != BLANK:
            iv = os.urandom(12)
            ppid = base64.b64encode(iv + aes.encrypt(iv, ppid.encode(), None)).decode()
        payload = {"rlid": row[rule], "hash_alg": "SHA-256", "mac_alg": "HS256",
                   "ppid": [ppid], "rid": ring, "iss": "org.openlinktoken",
                   "iat": int(time.time())}
        e = jwe.JWE(json.dumps(payload).encode(), recipient=jkey,
                    protected={"alg": "dir", "enc": "A256GCM", "typ": "match-token",
                               "kid": ring})
        row[t] = PREFIX + e.serialize(compact=True)
        w.writerow(row)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "config":
        print(json.dumps(exchange(sys.argv[2], sys.argv[3]), indent=2))
    elif cmd == "open":
        open_tokens(*sys.argv[2:5])
    elif cmd == "seal":
        seal_tokens(*sys.argv[2:5])
    else:
        sys.exit("olt.py: config, open or seal")
