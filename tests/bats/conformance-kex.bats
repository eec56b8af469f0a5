#!/usr/bin/env bats
# The key-exchange vectors of ../shared/conformance/ecdh (P-384, made by
# the reference's key-exchange branch), used in place.

load helper

setup() {
	need_shared
	cd "$BATS_TEST_TMPDIR"
	E=$CONF/ecdh
	K=$E/keys
	SENDER="--keypair $K/sender/keypair.pem --peer-key $K/receiver/public_key.pem"
	RECEIVER="--keypair $K/receiver/keypair.pem --peer-key $K/sender/public_key.pem"
}

derived() {	# derived KEY: a value of derived.json
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$E/derived.json" "$1"
}

# the metadata less what belongs to the implementation
meta_fields() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
for k in ("JavaVersion", "PythonVersion", "OtVersion", "Platform", "OpenTokenVersion", "OtCompat", "Timestamp"):
    j.pop(k, None)
print(json.dumps(j, indent=1))' "$1"
}

@test "conformance kex: every value of derived.json" {
	# the fingerprints of both public keys, from either key file
	assert_equal "$(ot-keygen -f "$K/sender/public_key.pem")" "$(derived sender_public_key_der_sha256)"
	assert_equal "$(ot-keygen -f "$K/sender/keypair.pem" 2>/dev/null)" "$(derived sender_public_key_der_sha256)"
	assert_equal "$(ot-keygen -f "$K/receiver/public_key.pem")" "$(derived receiver_public_key_der_sha256)"
	# the private scalars are the key files', read by python3-cryptography
	for side in sender receiver; do
		assert_equal "$(/usr/bin/python3 -c 'import sys
from cryptography.hazmat.primitives import serialization
k = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
print("%096x" % k.private_numbers().private_value)' "$K/$side/keypair.pem")" "$(derived ${side}_private_scalar_hex)"
	done
	# Z, by openssl, from either side
	assert_equal "$(openssl pkeyutl -derive -inkey "$K/sender/keypair.pem" -peerkey "$K/receiver/public_key.pem" | xxd -p -c 200)" \
	    "$(derived shared_secret_hex)"
	# the hashing key is the one ot-hash derives: its tokens equal those
	# of the derived.json key given raw
	derived hashing_key_hex | xxd -r -p > hashing.raw
	derived encryption_key_hex | xxd -r -p > enc.raw
	assert_equal "$(sha256sum < hashing.raw | cut -d' ' -f1)" "$(derived hashing_key_sha256_hex)"
	assert_equal "$(sha256sum < enc.raw | cut -d' ' -f1)" "$(derived encryption_key_sha256_hex)"
	ot-normalize "$CONF/upstream/sample.csv" 2>/dev/null | ot-sign > sig.csv
	ot-hash $SENDER sig.csv 2>/dev/null > kex.csv
	ot-hash --raw-key-files -k hashing.raw sig.csv > raw.csv
	cmp kex.csv raw.csv
	# and the receiver derives the same from its side
	ot-hash $RECEIVER sig.csv 2>/dev/null | cmp - raw.csv
	# the encryption key: what ot-encrypt derives decrypts with it
	ot-encrypt $SENDER raw.csv 2>/dev/null > enc.csv
	ot-decrypt --raw-key-files -k enc.raw enc.csv | cmp - raw.csv
}

@test "conformance kex: hash-only tokens byte for byte, and the metadata's key-exchange fields and counts" {
	ot-normalize "$CONF/upstream/sample.csv" 2>/dev/null | ot-meta -o m.json $SENDER 2>/dev/null |
	    ot-sign | ot-hash $SENDER 2>/dev/null > tok.csv
	cmp tok.csv "$E/tokens_hashonly.csv"
	assert_equal "$(meta_fields m.json)" "$(meta_fields "$E/tokens_hashonly.metadata.json")"
	# ot tokenize, as the reference's command line
	ot tokenize -i "$CONF/upstream/sample.csv" -t csv -o out.csv --hash-only \
	    --sender-keypair-path "$K/sender/keypair.pem" --receiver-public-key "$K/receiver/public_key.pem" 2>/dev/null
	cmp out.csv "$E/tokens_hashonly.csv"
	assert_equal "$(meta_fields out.metadata.json)" "$(meta_fields "$E/tokens_hashonly.metadata.json")"
	run grep -c HashingSecretHash out.metadata.json
	assert_output 0
}

@test "conformance kex: the reference's encrypted tokens and package decrypt to its hash-only tokens" {
	ot-decrypt $RECEIVER "$E/tokens_encrypted.csv" 2>/dev/null | cmp - "$E/tokens_hashonly.csv"
	ot-decrypt --keypair "$K/receiver/keypair.pem" "$E/package.zip" 2>/dev/null | cmp - "$E/tokens_hashonly.csv"
	ot decrypt -i "$E/tokens_encrypted.csv" -t csv -o a.csv \
	    --receiver-keypair-path "$K/receiver/keypair.pem" --sender-public-key "$K/sender/public_key.pem" 2>/dev/null
	cmp a.csv "$E/tokens_hashonly.csv"
	ot decrypt -i "$E/package.zip" -t csv -o b.csv --receiver-keypair-path "$K/receiver/keypair.pem" 2>/dev/null
	cmp b.csv "$E/package_decrypted.csv"
	# its blanks are encrypted, and decrypt to 64 zeros
	[ "$(grep -c ',0\{64\},' "$E/tokens_encrypted.csv")" -eq 0 ]
	[ "$(grep -c ',0\{64\},' b.csv)" -eq 30 ]
}

@test "conformance kex: a package ot writes has the reference's entries in its order, and reads back" {
	ot tokenize -i "$CONF/upstream/sample.csv" -t csv -o package.zip \
	    --sender-keypair-path "$K/sender/keypair.pem" --receiver-public-key "$K/receiver/public_key.pem" 2>/dev/null
	[ ! -e package.metadata.json ]
	assert_equal "$(unzip -Z1 package.zip)" "$(unzip -Z1 "$E/package.zip")"
	unzip -p package.zip sender_public_key.pem | cmp - "$K/sender/public_key.pem"
	unzip -p package.zip package_temp.metadata.json > m.json
	assert_equal "$(meta_fields m.json)" "$(meta_fields "$E/tokens_encrypted.metadata.json")"
	# blanks encrypted like any token, as the reference's
	[ "$(unzip -p package.zip package_temp.csv | grep -c ',0\{64\},')" -eq 0 ]
	ot decrypt -i package.zip -t csv -o dec.csv --receiver-keypair-path "$K/receiver/keypair.pem" 2>/dev/null
	cmp dec.csv "$E/tokens_hashonly.csv"
}
