#!/usr/bin/env bats
# ot-sign, ot-hash, ot-encrypt, ot-decrypt on the project's own fixtures.

load helper

# The golden files were made with the conformance secret, which is short
# enough to draw ot-hash's warning; the other tests use a longer one.
HS=HashingKey-for-the-tests

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf '%s\n' "$HS" > hashing.key
	printf 'HashingKey\n' > golden.key
	printf 'Secret-Encryption-Key-Goes-Here.\n' > enc.key
	printf 'RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\nr1,John,Doe,2000-01-01,Male,98004,234-56-7890\n' > doe.csv
}

# Mask the one record id of the sample that is a random UUID.
mask_uuid() {
	sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/UUID/'
}

hmac_token() {	# the token of a signature, by the openssl command
	printf '%s' "$(printf '%s' "$1" | openssl dgst -sha256 -r | cut -d' ' -f1)" |
	    openssl dgst -sha256 -hmac "$HS" -binary | base64
}

@test "all four print their synopsis with --help and a version with -V" {
	for p in ot-sign ot-hash ot-encrypt ot-decrypt; do
		run "$p" --help
		assert_success
		assert_output --regexp "^usage: $p \\[-h(P)?V\\]"
		run "$p" -V
		assert_success
		assert_output --regexp "^$p \\(ot\\) "
		run --separate-stderr "$p" --bogus
		assert_failure 2
	done
}

@test "ot-sign writes the spec's five signatures for John Doe" {
	run ot-sign doe.csv
	assert_success
	assert_output "$(printf '%s\n' 'RuleId,Signature,RecordId' \
	    'T1,DOE|J|MALE|2000-01-01,r1' 'T2,DOE|JOHN|2000-01-01|980,r1' \
	    'T3,DOE|JOHN|MALE|2000-01-01,r1' 'T4,234567890|MALE|2000-01-01,r1' \
	    'T5,DOE|JOH|MALE,r1')"
}

@test "ot-sign: an invalid or absent attribute blanks exactly the rules using it" {
	printf 'RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\nr1,John,Doe,2000-01-01,Male,,\nr2,John,Doe,2000-01-01,"",98004,234-56-7890\n' > in.csv
	run ot-sign in.csv
	assert_success
	assert_output "$(printf '%s\n' 'RuleId,Signature,RecordId' \
	    'T1,DOE|J|MALE|2000-01-01,r1' 'T2,,r1' 'T3,DOE|JOHN|MALE|2000-01-01,r1' 'T4,,r1' 'T5,DOE|JOH|MALE,r1' \
	    'T1,,r2' 'T2,DOE|JOHN|2000-01-01|980,r2' 'T3,,r2' 'T4,,r2' 'T5,,r2')"
}

@test "ot-sign: a missing column blanks its rules; no RecordId column is an error" {
	printf 'RecordId,FirstName,LastName,Sex\nr1,Ann,Lee,Female\n' > in.csv
	run ot-sign in.csv
	assert_success
	assert_output "$(printf '%s\n' 'RuleId,Signature,RecordId' 'T1,,r1' 'T2,,r1' 'T3,,r1' 'T4,,r1' 'T5,LEE|ANN|FEMALE,r1')"
	printf 'FirstName\nAnn\n' > bad.csv
	run --separate-stderr ot-sign bad.csv
	assert_failure 1
	assert_equal "$stderr" "ot-sign: bad.csv:1: not a normalized stream (header \"FirstName\"): run ot-normalize first"
}

@test "no records in, no bytes out (as the reference's empty token file)" {
	printf 'RecordId,FirstName\n' > hdr.csv
	run ot-sign hdr.csv
	assert_success
	assert_output ""
	run bash -c 'ot-sign hdr.csv | ot-hash -k hashing.key | ot-encrypt -k enc.key | wc -c'
	assert_output 0
}

@test "the bundled sample gives the golden signatures and tokens" {
	ot-normalize "$TOP/sample/people.csv" | ot-sign > sig.csv
	mask_uuid < sig.csv | diff - "$TOP/tests/golden/people.signatures.csv"
	ot-hash -k golden.key sig.csv 2>/dev/null | mask_uuid |
	    diff - "$TOP/tests/golden/people.tokens.csv"
}

@test "ot-hash: token = base64(HMAC-SHA256(secret, hex(SHA-256(signature)))), checked with openssl" {
	run ot-hash -k hashing.key <(ot-sign doe.csv)
	assert_success
	assert_line --index 1 "T1,$(hmac_token 'DOE|J|MALE|2000-01-01'),r1"
	assert_line --index 4 "T4,$(hmac_token '234567890|MALE|2000-01-01'),r1"
}

@test "ot-hash: secrets of 63, 64, 65 and 200 bytes (longer than a block: hashed first), checked with openssl" {
	ot-sign doe.csv > sig.csv
	for n in 63 64 65 200; do
		HS=$(head -c "$n" /dev/zero | tr '\0' 'k')
		printf '%s' "$HS" > long.key
		run ot-hash -k long.key sig.csv
		assert_success
		assert_line --index 1 "T1,$(hmac_token 'DOE|J|MALE|2000-01-01'),r1"
	done
}

@test "ot-hash: a blank rule gives 64 zeros; other columns pass through" {
	printf 'Extra,RuleId,Signature,RecordId\nx,T1,,r1\n"a,b",T2,A|B,r2\n' > in.csv
	run ot-hash -k hashing.key in.csv
	assert_success
	assert_line --index 0 "Extra,RuleId,Token,RecordId"
	assert_line --index 1 "x,T1,$(printf '0%.0s' $(seq 64)),r1"
	assert_line --index 2 "\"a,b\",T2,$(hmac_token 'A|B'),r2"
}

@test "ot-hash: the secret may come from OT_HASHING_SECRET; a key file's CRLF is dropped" {
	ot-sign doe.csv > sig.csv
	expected=$(ot-hash -k hashing.key sig.csv)
	run env OT_HASHING_SECRET="$HS" ot-hash sig.csv
	assert_output "$expected"
	printf '%s\r\n' "$HS" > crlf.key
	run ot-hash -k crlf.key sig.csv
	assert_output "$expected"
	printf '%s2' "$HS" > other.key
	run ot-hash -k other.key sig.csv
	refute_output "$expected"
}

@test "ot-hash: no secret, or an empty one, is a usage error (exit 2)" {
	ot-sign doe.csv > sig.csv
	run --separate-stderr env -u OT_HASHING_SECRET ot-hash sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: no hashing secret: give -k FILE or set OT_HASHING_SECRET"
	printf '\n' > empty.key
	run --separate-stderr ot-hash -k empty.key sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: the hashing secret is empty"
	run --separate-stderr ot-hash -k nosuch.key sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: hashing secret file nosuch.key: No such file or directory"
}

@test "ot-hash: input without a Signature column is an error" {
	run --separate-stderr ot-hash -k hashing.key doe.csv
	assert_failure 1
	assert_equal "$stderr" "ot-hash: doe.csv:1: no Signature column"
}

@test "ot-hash: a ragged row is an error naming its line" {
	printf 'RuleId,Signature,RecordId\nT1,A|B,r1\nT2,A|B\n' > in.csv
	run --separate-stderr ot-hash -k hashing.key in.csv
	assert_failure 1
	assert_equal "$stderr" "ot-hash: in.csv:3: 2 fields where the header has 3"
	assert_line --index 1 --regexp '^T1,.{44},r1$'
}

@test "ot-encrypt then ot-decrypt gives the tokens back; blanks pass unchanged" {
	ot-normalize "$TOP/sample/people.csv" | ot-sign | ot-hash -k hashing.key > tok.csv
	ot-encrypt -k enc.key tok.csv > enc.csv
	[ "$(wc -l < enc.csv)" -eq "$(wc -l < tok.csv)" ]
	grep -q ',0000000000000000000000000000000000000000000000000000000000000000,' enc.csv
	run bash -c "awk -F, 'NR > 1 && \$2 !~ /^0+\$/ { print length(\$2) }' enc.csv | sort -u"
	assert_output 96
	ot-decrypt -k enc.key enc.csv | cmp - tok.csv
}

@test "ot-encrypt: an independent AES-GCM decrypts every token; every IV is distinct" {
	ot-normalize "$TOP/sample/people.csv" | ot-sign | ot-hash -k hashing.key > tok.csv
	cat tok.csv tok.csv tok.csv | awk 'NR == 1 || !/^RuleId/' > tok3.csv
	ot-encrypt -k enc.key tok3.csv > enc.csv
	run /usr/bin/python3 "$TOP/tests/helpers/check-encrypted.py" enc.key enc.csv tok3.csv
	assert_success
	assert_output --regexp '^([0-9]+) tokens decrypted, \1 distinct IVs$'
}

@test "ot-encrypt and ot-decrypt take the key from OT_ENCRYPTION_KEY" {
	ot-sign doe.csv | ot-hash -k hashing.key > tok.csv
	run bash -c 'OT_ENCRYPTION_KEY=Secret-Encryption-Key-Goes-Here. ot-encrypt tok.csv | ot-decrypt -k enc.key | cmp - tok.csv'
	assert_success
}

@test "a key of 31 or 33 bytes, or none, is a usage error (exit 2) that shows no key" {
	ot-sign doe.csv | ot-hash -k hashing.key > tok.csv
	printf 'Secret-Encryption-Key-Goes-Here' > k31
	printf 'Secret-Encryption-Key-Goes-Here.!' > k33
	for p in ot-encrypt ot-decrypt; do
		run --separate-stderr "$p" -k k31 tok.csv
		assert_failure 2
		assert_equal "$stderr" "$p: the encryption key must be 32 bytes, not 31"
		run --separate-stderr "$p" -k k33 tok.csv
		assert_failure 2
		assert_equal "$stderr" "$p: the encryption key must be 32 bytes, not 33"
		run --separate-stderr env -u OT_ENCRYPTION_KEY "$p" tok.csv
		assert_failure 2
		assert_equal "$stderr" "$p: no encryption key: give -k FILE or set OT_ENCRYPTION_KEY"
	done
}

@test "ot-decrypt: a wrong key stops at the first token, exit 1" {
	ot-sign doe.csv | ot-hash -k hashing.key | ot-encrypt -k enc.key > enc.csv
	printf 'Another-Encryption-Key-32-bytes.' > wrong.key
	run --separate-stderr ot-decrypt -k wrong.key enc.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: enc.csv:2: token fails authentication (wrong key or altered token)"
	[[ "$stderr" != *Another* ]]
}

@test "ot-decrypt: tampered, truncated and non-base64 tokens are errors" {
	ot-sign doe.csv | ot-hash -k hashing.key | ot-encrypt -k enc.key > enc.csv
	tok=$(sed -n 2p enc.csv | cut -d, -f2)
	flip=$(printf '%s' "$tok" | cut -c1-40)$( [ "$(printf '%s' "$tok" | cut -c41)" = A ] && echo B || echo A )$(printf '%s' "$tok" | cut -c42-)
	for bad in "$flip:token fails authentication (wrong key or altered token)" \
	    "${tok:0:36}:token too short" "${tok:0:95}*:token is not valid base64" \
	    "abc:token too short" "ab!c:token is not valid base64"; do
		printf 'RuleId,Token,RecordId\nT1,%s,r1\n' "${bad%%:*}" > bad.csv
		run --separate-stderr ot-decrypt -k enc.key bad.csv
		assert_failure 1
		assert_equal "$stderr" "ot-decrypt: bad.csv:2: ${bad#*:}"
	done
}

@test "ot-decrypt --keep-going writes bad rows unchanged, counts them, exits 1" {
	ot-sign doe.csv | ot-hash -k hashing.key > tok.csv
	ot-encrypt -k enc.key tok.csv > enc.csv
	sed '3s/,[^,]*,/,garbage!,/' enc.csv > bad.csv
	run --separate-stderr ot-decrypt -k enc.key --keep-going bad.csv
	assert_failure 1
	[ "${#lines[@]}" -eq 6 ]
	assert_line --index 2 "T2,garbage!,r1"
	assert_line --index 1 "$(sed -n 2p tok.csv)"
	assert_line --index 5 "$(sed -n 6p tok.csv)"
	assert_equal "$stderr" "$(printf 'ot-decrypt: bad.csv:3: token is not valid base64\not-decrypt: 1 tokens could not be processed')"
}

@test "ot-encrypt: an empty token is an error naming its line" {
	printf 'RuleId,Token,RecordId\nT1,%s,r1\nT2,,r1\n' "$(printf '0%.0s' $(seq 64))" > tok.csv
	run --separate-stderr ot-encrypt -k enc.key tok.csv
	assert_failure 1
	assert_equal "$stderr" "ot-encrypt: tok.csv:3: empty token"
	assert_line --index 1 "T1,$(printf '0%.0s' $(seq 64)),r1"
}

@test "a full disk is an error for every stage" {
	ot-sign doe.csv > sig.csv
	run --separate-stderr ot-sign -o /dev/full doe.csv
	assert_failure 1
	run --separate-stderr ot-hash -k hashing.key -o /dev/full sig.csv
	assert_failure 1
	assert_equal "$stderr" "ot-hash: write error on /dev/full: No space left on device"
}
