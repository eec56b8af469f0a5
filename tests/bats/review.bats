#!/usr/bin/env bats
# Defects a review found where ot gave a wrong result with exit 0, or
# could; each test failed on the code before its fix.

load helper

HS=HashingKey-for-the-tests

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf '%s' "$HS" > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	cp "$TOP/sample/people.csv" people.csv
}

sha() { sha256sum | cut -d' ' -f1; }

# The sample has one record without an id, which gets a random UUID.
mask_uuid() {
	sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/UUID/'
}

json() {	# json FILE EXPR: a value of the JSON file, printed by python
	python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

@test "review 1: ot hands every secret byte string to its stages unchanged" {
	# each file's secret, as the stages read it with -k
	printf 'abc-secret-0123456789\r' > cr.key
	printf 'abc-secret-0123456789\r\n' > crlf.key
	printf 'abc-secret-0123456789\n\n' > lflf.key
	for k in cr.key crlf.key lflf.key; do
		ot -i people.csv -t csv -o out.csv --hash-only --hashing-secret-file "$k" 2>/dev/null
		ot-normalize people.csv 2>/dev/null | ot-sign | ot-hash -k "$k" > pipe.csv
		cmp <(mask_uuid < out.csv) <(mask_uuid < pipe.csv)
		# the metadata hashes what the stages used
		case $k in
		cr.key) want=$(sha < "$k") ;;
		crlf.key) want=$(head -c -2 "$k" | sha) ;;
		lflf.key) want=$(head -c -1 "$k" | sha) ;;
		esac
		assert_equal "$(json out.metadata.json 'j["HashingSecretHash"]')" "$want"
		mv out.csv "out-$k.csv"
	done
	# and from the environment
	OT_HASHING_SECRET=$(printf 'abc-secret-0123456789\r') \
	    ot -i people.csv -t csv -o env.csv --hash-only 2>/dev/null
	cmp <(mask_uuid < env.csv) <(mask_uuid < out-cr.key.csv)
}

@test "review 1: --raw-key-files reads every byte, so a 32-byte key ending in LF works" {
	printf 'Secret-Encryption-Key-Goes-Her\r\n' > bin.key	# 32 bytes
	[ "$(wc -c < bin.key)" -eq 32 ]
	ot-normalize people.csv 2>/dev/null | ot-sign | ot-hash -k hashing.key > tok.csv
	run --separate-stderr ot-encrypt -k bin.key tok.csv
	assert_failure 2
	assert_equal "$stderr" "ot-encrypt: the encryption key must be 32 bytes, not 30"
	ot-encrypt --raw-key-files -k bin.key tok.csv > enc.csv
	ot-decrypt --raw-key-files -k bin.key enc.csv | cmp - tok.csv
	# decrypting with the key less its final CRLF fails authentication
	printf 'Secret-Encryption-Key-Goes-Her\r\r' > other.key
	run ot-decrypt --raw-key-files -k other.key enc.csv
	assert_failure 1
	# ot reads it the same way, and its stages get all 32 bytes
	ot -i people.csv -t csv -o ot.csv --raw-key-files --hashing-secret-file hashing.key \
	    --encryption-key-file bin.key
	ot-decrypt --raw-key-files -k bin.key ot.csv | mask_uuid | cmp - <(mask_uuid < tok.csv)
	assert_equal "$(json ot.metadata.json 'j["EncryptionSecretHash"]')" "$(sha < bin.key)"
	ot -d -i ot.csv -t csv -o dec.csv --raw-key-files --encryption-key-file bin.key
	ot-decrypt --raw-key-files -k bin.key ot.csv | cmp - dec.csv
}

@test "review 2: ot-sign and ot-meta refuse raw person files, and say what to run" {
	run --separate-stderr ot-sign people.csv
	assert_failure 1
	assert_equal "$stderr" 'ot-sign: people.csv:1: not a normalized stream (header "Id,GivenName,Surname,DateOfBirth,Gender,ZipCode,NationalIdentificationN..."): run ot-normalize first'
	assert_output ""
	run --separate-stderr ot-meta -o m.json people.csv
	assert_failure 1
	assert_equal "$stderr" 'ot-meta: people.csv:1: not a normalized stream (header "Id,GivenName,Surname,DateOfBirth,Gender,ZipCode,NationalIdentificationN..."): run ot-normalize first'
	[ ! -e m.json ]
	# the names of the normalized stream, but out of its order or with
	# another column
	for h in 'RecordId,LastName,FirstName' 'Id,FirstName' 'RecordId,FirstName,Notes' 'recordid,FirstName'; do
		printf '%s\nr1,A,B\n' "$h" > in.csv
		run ot-sign in.csv
		assert_failure 1
		assert_output --partial 'run ot-normalize first'
	done
	# the exact header, but raw values
	printf 'RecordId,FirstName,LastName,BirthDate,Sex\nr1,Bruno,Castellanos Jr.,1975-07-04,M\n' > raw.csv
	run --separate-stderr ot-sign raw.csv
	assert_failure 1
	assert_equal "$stderr" "ot-sign: raw.csv:2: its Sex is not in the form ot-normalize writes: not a normalized stream (run ot-normalize first)"
	printf 'RecordId,BirthDate,SocialSecurityNumber\nr1,07/04/1975,\nr2,,412 55 8830\n' > raw.csv
	run --separate-stderr ot-meta -o m.json raw.csv
	assert_failure 1
	assert_equal "$(tail -1 <<< "$stderr")" "ot-meta: raw.csv:2: its BirthDate is not in the form ot-normalize writes: not a normalized stream (run ot-normalize first)"
	[ ! -e m.json ]
	# what ot-normalize writes passes, with any subset of the columns
	ot-normalize people.csv 2>/dev/null | ot-sign > /dev/null
	printf 'RecordId,Sex\n' > hdr.csv
	ot-normalize hdr.csv 2>/dev/null | ot-sign > /dev/null
}

@test "review 3: a hash-only run records no encryption key; the stages see no OT_* variable" {
	OT_ENCRYPTION_KEY=short ot -i people.csv -t csv -o out.csv --hash-only \
	    --hashing-secret-file hashing.key
	run json out.metadata.json '"EncryptionSecretHash" in j'
	assert_output False
	assert_equal "$(json out.metadata.json 'j["HashingSecretHash"]')" "$(sha < hashing.key)"
	# a file given wins, and the variable reaches no stage
	OT_HASHING_SECRET=another-secret-from-env ot -i people.csv -t csv -o out2.csv \
	    --hash-only --hashing-secret-file hashing.key
	cmp <(mask_uuid < out.csv) <(mask_uuid < out2.csv)
	assert_equal "$(json out2.metadata.json 'j["HashingSecretHash"]')" "$(sha < hashing.key)"
	# decrypting hashes nothing and needs no hashing secret
	ot -i people.csv -t csv -o enc.csv --hashing-secret-file hashing.key --encryption-key-file enc.key
	OT_HASHING_SECRET=x ot -d -i enc.csv -t csv -o dec.csv --encryption-key-file enc.key
	cmp <(mask_uuid < dec.csv) <(mask_uuid < out.csv)
}

@test "review 4: Java's whitespace, and only it, may follow a closing quote" {
	# Character.isWhitespace: yes
	for c in '\t' '\v' '\f' '\x1c' '\x1f' ' ' '\xe1\x9a\x80' '\xe2\x80\x80' '\xe2\x80\x86' \
	    '\xe2\x80\x88' '\xe2\x80\x8a' '\xe2\x80\xa8' '\xe2\x80\xa9' '\xe2\x81\x9f' '\xe3\x80\x80'; do
		printf "RecordId,FirstName\n\"r1\"$c,Bob\n" > in.csv
		run --separate-stderr ot-normalize in.csv
		assert_success
		assert_line --index 1 "r1,Bob"
	done
	# and no: no-break spaces, NEL, zero-width and other format
	# characters, C0 controls outside 9-13 and 28-31, an overlong space
	for c in '\xc2\xa0' '\xe2\x80\x87' '\xe2\x80\xaf' '\xc2\x85' '\xe2\x80\x8b' '\xe1\xa0\x8e' \
	    '\xef\xbb\xbf' '\x1b' '\x7f' '\xc0\xa0' '\xe2\x80' 'x'; do
		printf "RecordId,FirstName\n\"r1\"$c,Bob\n" > in.csv
		run --separate-stderr ot-normalize in.csv
		assert_failure 1
		assert_equal "$(tail -1 <<< "$stderr")" "ot-normalize: in.csv:2: unexpected character after a closing quote"
	done
}

@test "review 5: ot-encrypt refuses a token ot-decrypt could not read, at encryption time" {
	python3 -c "print('RuleId,Token,RecordId'); print('T1,' + 'a' * 740 + ',r1'); print('T2,' + 'b' * 741 + ',r2')" > long.csv
	run --separate-stderr ot-encrypt -k enc.key long.csv
	assert_failure 1
	assert_equal "$stderr" "ot-encrypt: long.csv:3: token longer than 740 bytes (ot-decrypt could not read its encryption)"
	# the longest it takes goes round
	head -2 long.csv | ot-encrypt -k enc.key | ot-decrypt -k enc.key | cmp - <(head -2 long.csv)
}

@test "review 6: a short hashing secret and a key file others can read draw warnings" {
	ot-normalize people.csv 2>/dev/null | ot-sign > sig.csv
	printf 'HashingKey' > short.key
	run --separate-stderr ot-hash -k short.key sig.csv
	assert_success
	assert_equal "$stderr" "ot-hash: warning: the hashing secret is only 10 bytes: use 32 random bytes (openssl rand -base64 32)"
	run --separate-stderr env OT_HASHING_SECRET=0123456789abcde ot-hash sig.csv
	assert_equal "$stderr" "ot-hash: warning: the hashing secret is only 15 bytes: use 32 random bytes (openssl rand -base64 32)"
	run --separate-stderr env OT_HASHING_SECRET=0123456789abcdef ot-hash sig.csv
	assert_equal "$stderr" ""
	chmod 640 hashing.key
	run --separate-stderr ot-hash -k hashing.key sig.csv
	assert_success
	assert_equal "$stderr" "ot-hash: warning: hashing secret file hashing.key is readable by other users (mode 640): chmod 600 it"
	chmod 604 enc.key
	ot-hash -k short.key sig.csv 2>/dev/null > tok.csv
	run --separate-stderr ot-encrypt -k enc.key tok.csv
	assert_equal "$stderr" "ot-encrypt: warning: encryption key file enc.key is readable by other users (mode 604): chmod 600 it"
	# through ot: one warning for the short secret, none for the pipes
	chmod 600 hashing.key enc.key
	run --separate-stderr ot -i people.csv -t csv -o out.csv --hashing-secret-file short.key --encryption-key-file enc.key
	assert_success
	assert_equal "$(grep -c warning <<< "$stderr")" 1
	# the README makes secrets with a CSPRNG
	grep -q 'openssl rand -base64 32 > hashing.key' "$TOP/README.md"
}

@test "review 7: a signal at any point of ot's start-up leaves no output and ends ot by it" {
	command -v strace > /dev/null || skip "no strace"
	# before and after each pipe and each fork of the four stages
	for point in pipe2:1 pipe2:2 pipe2:3 clone:1 clone:2 clone:3 clone:4; do
		st=0
		strace -f -o /dev/null -e trace="${point%:*}" \
		    -e inject="${point%:*}:signal=SIGTERM:when=${point#*:}" \
		    ot -i people.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key \
		    --pipeline 2>/dev/null || st=$?
		assert_equal "$point $st" "$point 143"
		[ -z "$(ls | grep '^out')" ]
	done
	sleep 0.2
	! pgrep -f "ot-normalize people.csv"
}

@test "review 8: the temporary token file is never reopened by name" {
	mkfifo gate
	printf 'keep me\n' > victim
	ot -i gate -t csv -o out.csv --hash-only --hashing-secret-file hashing.key 2> err.txt &
	pid=$!
	sleep 0.5
	# another user swaps the temporary file for a link to a file of theirs
	tmp=$(ls out.csv.* | head -1)
	rm "$tmp"
	ln -s victim "$tmp"
	cat people.csv > gate
	st=0
	wait "$pid" || st=$?
	assert_equal "$(cat victim)" "keep me"
	assert_equal "$st" 1
	grep -q 'out.csv: a temporary file was replaced: output not written' err.txt
	[ ! -e out.csv ]
}

@test "review 9: ot-meta merge rejects counts out of range before converting them" {
	ot-normalize people.csv 2>/dev/null | ot-meta -o a.json -k hashing.key > /dev/null
	for v in 1e20 -1 1.5 9007199254740993 1e400 '"7"' true; do
		sed "s/\"TotalRows\": [0-9]*/\"TotalRows\": $v/" a.json > b.json
		run --separate-stderr ot-meta merge a.json b.json
		assert_failure 1
		assert_equal "$stderr" "ot-meta: b.json: not ot metadata (a count is missing, not a whole number, negative, or past 2^53 in all)"
	done
	# a sum past 2^53
	sed 's/"TotalRows": [0-9]*/"TotalRows": 9007199254740992/' a.json > b.json
	run --separate-stderr ot-meta merge a.json b.json
	assert_failure 1
	sed 's/"TotalRows": [0-9]*/"TotalRows": 9007199254740000/' a.json > b.json
	run ot-meta merge b.json
	assert_success
	assert_output --partial '"TotalRows": 9007199254740000,'
}

@test "review 10: a secret given two ways is a usage error" {
	run --separate-stderr ot -i people.csv -t csv -o out.csv -h "$HS" --hashing-secret-file hashing.key --hash-only
	assert_failure 2
	[[ "$stderr" == "ot: -h and --hashing-secret-file both give the secret: give one"* ]]
	run --separate-stderr ot -i people.csv -t csv -o out.csv --hashing-secret-file hashing.key \
	    -e Secret-Encryption-Key-Goes-Here. --encryption-key-file enc.key
	assert_failure 2
	[[ "$stderr" == "ot: -e and --encryption-key-file both give the secret: give one"* ]]
	[[ "$stderr" != *Secret-Encryption* ]]
	[ ! -e out.csv ]
}
