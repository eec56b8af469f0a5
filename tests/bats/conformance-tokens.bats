#!/usr/bin/env bats
# Tokens against the reference's own outputs (../shared/conformance),
# byte for byte.  Secrets: the conformance README's test values.

load helper

setup() {
	conformance_setup
}

@test "conformance: sample.csv hash-only tokens are byte-identical to the reference's" {
	ot-normalize "$CONF/upstream/sample.csv" | ot-sign | ot-hash -k hashing.key > out.csv
	cmp out.csv "$CONF/upstream/hashed-output.csv"
}

@test "conformance: ot-decrypt of the Java reference's encrypted output gives its hash-only output" {
	ot-decrypt -k enc.key "$CONF/upstream/output.csv" > out.csv
	cmp out.csv "$CONF/upstream/hashed-output.csv"
}

@test "conformance: every expected tokens, signatures and encrypted file is matched" {
	for b in sample test_data test_overlap1 test_overlap2 test_zip3_examples; do
		ot-normalize "$CONF/upstream/$b.csv" | ot-sign > sig.csv
		ot-hash -k hashing.key sig.csv > tok.csv
		cmp tok.csv "$CONF/expected/$b.tokens.csv"
		# RowNumber,RecordId,RuleId,Signature of the reference, BLANK for a blank rule
		awk -F, 'NR > 1 { print int((NR - 2) / 5) + 1 "," $3 "," $1 "," ($2 == "" ? "BLANK" : $2) }' sig.csv > sig.long
		tail -n +2 "$CONF/expected/$b.signatures.csv" | cut -d, -f1-4 | cmp - sig.long
		ot-decrypt -k enc.key "$CONF/expected/$b.encrypted.csv" | cmp - "$CONF/expected/$b.tokens.csv"
	done
}

@test "conformance: ot-encrypt output decrypts, by an independent AES-GCM, to the reference's tokens" {
	ot-encrypt -k enc.key "$CONF/upstream/hashed-output.csv" > enc.csv
	run /usr/bin/python3 "$TOP/tests/helpers/check-encrypted.py" enc.key enc.csv "$CONF/upstream/hashed-output.csv"
	assert_success
	assert_output --regexp '^[0-9]+ tokens decrypted, ([0-9]+) distinct IVs$'
}
