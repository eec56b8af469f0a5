#!/usr/bin/env bats
# The reference V1 branch's ot.V1 tokens (../shared/conformance/v1, made by
# its Python CLI with the conformance secrets), used in place.

load helper

setup() {
	conformance_setup
}

@test "conformance v1: every token of v1/output.csv decrypts to hashed-output.csv" {
	ot-decrypt -k enc.key "$CONF/v1/output.csv" | cmp - "$CONF/upstream/hashed-output.csv"
	ot -d -i "$CONF/v1/output.csv" -t csv -o dec.csv --encryption-key-file enc.key
	cmp dec.csv "$CONF/upstream/hashed-output.csv"
	# jwcrypto agrees on every one of them
	"$TOP/tests/helpers/jose.py" open enc.key < "$CONF/v1/output.csv" |
	    cmp - "$CONF/upstream/hashed-output.csv"
}

@test "conformance v1: ot --format v1 writes the branch's header, payload and metadata" {
	ring=9056c7f0-34d1-43a4-8f87-98ee46b5a85f
	ot -i "$CONF/upstream/sample.csv" -t csv -o v1.csv --format v1 --ring-id $ring \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	python3 "$TOP/tests/helpers/compare-metadata.py" v1.metadata.json "$CONF/v1/output.metadata.json"
	# the same protected header as the reference's tokens, byte for byte
	"$TOP/tests/helpers/jose.py" header < v1.csv | sort -u > ours
	"$TOP/tests/helpers/jose.py" header < "$CONF/v1/output.csv" | sort -u > theirs
	cmp ours theirs
	assert_equal "$(cat ours)" "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"$ring\",\"typ\":\"match-token\"}"
	[ "$(wc -l < v1.csv)" -eq "$(wc -l < "$CONF/v1/output.csv")" ]
	ot-decrypt -k enc.key v1.csv | cmp - "$CONF/upstream/hashed-output.csv"
	# the payloads have the branch's members and values but for iat and
	# ppid, which is the hash-only token (or with --legacy-ppid, as the
	# branch writes it, the legacy encrypted one)
	strip() { sed -E 's/"iat": [0-9]+/"iat": N/; s/"ppid": \["[^"]*"\]/"ppid": P/'; }
	"$TOP/tests/helpers/jose.py" payload enc.key < v1.csv | strip > ours
	"$TOP/tests/helpers/jose.py" payload enc.key < "$CONF/v1/output.csv" | strip > theirs
	cmp ours theirs
	"$TOP/tests/helpers/jose.py" payload enc.key < v1.csv | grep -o '"ppid": \["[^"]*"\]' |
	    sed 's/"ppid": \["\(.*\)"\]/\1/' > ppids
	tail -n +2 "$CONF/upstream/hashed-output.csv" | cut -d, -f2 | cmp - ppids
	ot -i "$CONF/upstream/sample.csv" -t csv -o legacy-ppid.csv --format v1 --ring-id $ring --legacy-ppid \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	"$TOP/tests/helpers/jose.py" payload enc.key < legacy-ppid.csv | grep -o '"ppid": \["[^"]*"\]' |
	    awk '{ print length($0) }' | sort -u > lengths
	"$TOP/tests/helpers/jose.py" payload enc.key < "$CONF/v1/output.csv" | grep -o '"ppid": \["[^"]*"\]' |
	    awk '{ print length($0) }' | sort -u | cmp - lengths
}

@test "conformance v1: ot-inspect reads the reference's V1 and legacy files without a key" {
	run ot-inspect "$CONF/v1/output.csv" "$CONF/upstream/output.csv" "$CONF/upstream/hashed-output.csv"
	assert_success
	assert_output - <<-EOF
	$CONF/v1/output.csv: 525 tokens
	  formats: 525 V1, 0 olt.V1, 0 legacy encrypted, 0 hash-only, 0 blank, 0 malformed
	  V1 alg: dir 525
	  V1 enc: A256GCM 525
	  V1 typ: match-token 525
	  ring ids (kid): 9056c7f0-34d1-43a4-8f87-98ee46b5a85f 525
	  V1 expiry (headers): 0 valid, 0 expired, 0 not yet valid, 525 without exp or nbf
	  rules: T1 105, T2 105, T3 105, T4 105, T5 105
	$CONF/upstream/output.csv: 525 tokens
	  formats: 0 V1, 0 olt.V1, 495 legacy encrypted, 0 hash-only, 30 blank, 0 malformed
	  rules: T1 105, T2 105, T3 105, T4 105, T5 105
	$CONF/upstream/hashed-output.csv: 525 tokens
	  formats: 0 V1, 0 olt.V1, 0 legacy encrypted, 495 hash-only, 30 blank, 0 malformed
	  rules: T1 105, T2 105, T3 105, T4 105, T5 105
	EOF
}
