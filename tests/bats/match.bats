#!/usr/bin/env bats
# ot-match on hand-made token files: the output's form, keys, and what it
# must refuse.

load helper

B=0000000000000000000000000000000000000000000000000000000000000000

tok() {	# tok N: a hash-only token, the base64 of 32 bytes made of N
	printf '%032d' "$1" | base64
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	{
		echo RuleId,Token,RecordId
		echo "T1,$(tok 1),a1"; echo "T2,$(tok 2),a1"; echo "T3,$B,a1"
		echo "T1,$(tok 5),a2"; echo "T2,$(tok 6),a2"; echo "T3,$(tok 7),a2"
		echo "T1,$B,a3"; echo "T2,$B,a3"; echo "T3,$B,a3"
		echo "T1,$(tok 1),a4"; echo "T2,$(tok 9),a4"; echo "T3,$(tok 10),a4"
		echo "T1,$B,a5"; echo "T2,$B,a5"; echo "T3,$(tok 10),a5"
		echo "T1,$(tok 20),a6"; echo "T2,$B,a6"; echo "T3,$B,a6"
	} > ours.csv
	{
		echo RecordId,RuleId,Token,Note
		echo "b1,T1,$(tok 5),x"; echo "b1,T2,$(tok 6),x"; echo "b1,T3,$(tok 7),x"
		echo "b2,T1,$(tok 1),x"; echo "b2,T2,$(tok 2),x"; echo "b2,T3,$(tok 99),x"
		echo "\"b,3\",T1,$B,x"; echo "\"b,3\",T2,$B,x"; echo "\"b,3\",T3,$(tok 10),x"
		echo "b4,T1,$(tok 20),x"; echo "b4,T2,$B,x"; echo "b4,T3,$B,x"
		echo "b5,T1,$(tok 20),x"; echo "b5,T2,$B,x"; echo "b5,T3,$B,x"
	} > theirs.csv
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
}

@test "ot-match: one line per pair, rules in name order, our records' order, ids quoted as CSV" {
	run --separate-stderr ot-match ours.csv theirs.csv
	assert_success
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a1,b2,T1\;T2 a2,b1,T1\;T2\;T3 a4,b2,T1 \
	    'a4,"b,3",T3' 'a5,"b,3",T3' a6,b4,T1 a6,b5,T1)"
	run ot-match --min-rules 2 ours.csv theirs.csv
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a1,b2,T1\;T2 a2,b1,T1\;T2\;T3)"
	run ot-match --rules T3 ours.csv theirs.csv
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a2,b1,T3 'a4,"b,3",T3' 'a5,"b,3",T3')"
	# a1 and b2 are each other's best (2 rules): kept.  a4's pair with
	# b2 is passed over, b2 having a better partner; "b,3" has two equally
	# good ones (a4, a5): ambiguous on their side; a6 has two (b4, b5):
	# ambiguous on ours.  None of these is chosen at random.
	run --separate-stderr ot-match --one-to-one -v --summary s.json ours.csv theirs.csv
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a1,b2,T1\;T2 a2,b1,T1\;T2\;T3)"
	[[ "$stderr" == *"ot-match: ambiguous: our record a6 has 2 equally good partners"* ]] || false
	run python3 -c 'import json; j = json.load(open("s.json")); o, t = j["Ours"], j["Theirs"]; print(o["AmbiguousRecords"], t["AmbiguousRecords"], o["Records"], o["RecordsWithTokens"], o["TokenCollisions"], t["TokenCollisions"], j["OverlapRateByRule"]["T1"], j["Pairs"])'
	assert_output "1 1 6 5 2 1 {'Ours': 1.0, 'Theirs': 1.0} 2"
	# the oracle agrees
	python3 "$TOP/tests/helpers/match-oracle.py" ours.csv theirs.csv want.csv want.json --one-to-one
	ot-match --one-to-one ours.csv theirs.csv | cmp - want.csv
}

@test "ot-match: encrypted tokens are decrypted as they are read, given the key; either input may be standard input" {
	ot-encrypt -k enc.key theirs.csv > theirs.enc
	ot-match ours.csv theirs.csv > want.csv
	run --separate-stderr ot-match ours.csv theirs.enc
	assert_failure 1
	assert_equal "$stderr" "ot-match: theirs.enc:2: not a hash-only token (44 base64 characters): decrypt it first, or give the key"
	ot-match -k enc.key ours.csv theirs.enc | cmp - want.csv
	ot-match -k enc.key ours.csv - < theirs.enc | cmp - want.csv
	ot-match - theirs.csv < ours.csv | cmp - want.csv
	printf 'Another-Encryption-Key-32-bytes.' > wrong.key
	run --separate-stderr ot-match -k wrong.key ours.csv theirs.enc
	assert_failure 1
	assert_equal "$stderr" "ot-match: theirs.enc:2: token fails authentication (wrong key or altered token)"
	run ot-match - - < ours.csv
	assert_failure 2
}

@test "ot-match: not a token stream, other RuleIds, bad tokens and bad options are clear errors" {
	printf 'RecordId,FirstName\nr1,Ann\n' > people.csv
	run --separate-stderr ot-match people.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: people.csv:1: no RuleId column: not a token stream (RuleId,Token,RecordId)"
	sed 's/^T3,/T9,/' ours.csv > t9.csv
	run --separate-stderr ot-match t9.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: t9.csv has RuleId T9 and theirs.csv has not: tokens of different rules"
	sed '3s/,[^,]*,a1$/,c2hvcnQ=,a1/' ours.csv > short.csv
	run --separate-stderr ot-match short.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: short.csv:3: not a hash-only token (44 base64 characters): decrypt it first, or give the key"
	sed '2s/,\([^,]*\)\(.\),a1$/,\1!,a1/' ours.csv > bad64.csv
	run --separate-stderr ot-match bad64.csv theirs.csv
	assert_failure 1
	printf 'RuleId,Token,RecordId\nT1,%s\n' "$(tok 1)" > ragged.csv
	run --separate-stderr ot-match ragged.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: ragged.csv:2: 2 fields where the header has 3"
	run --separate-stderr ot-match --rules T7 ours.csv theirs.csv
	assert_failure 2
	assert_equal "$stderr" "ot-match: --rules: neither file has RuleId T7"
	for bad in "--min-rules 0" "--min-rules x" "-m 10" "-m 5Q"; do
		run ot-match $bad ours.csv theirs.csv
		assert_failure 2
	done
	run ot-match ours.csv
	assert_failure 2
}

@test "ot-match: temporary files are private, unlinked at once, and an unwritable place is an error" {
	awk -v n=20000 'BEGIN { print "RuleId,Token,RecordId"
		for (i = 0; i < n; i++) for (r = 1; r <= 5; r++)
			printf "T%d,%043d=,r%d\n", r, i * 5 + r, i }' > big.csv
	mkdir tmp
	TMPDIR=$PWD/tmp ot-match -m 1M --summary s.json big.csv big.csv > pairs.csv
	grep -q '"Partitioned": true' s.json
	[ "$(wc -l < pairs.csv)" -eq 20001 ]
	assert_equal "$(ls -A tmp)" ""
	# stopped half way, it leaves nothing either
	mkfifo slow
	TMPDIR=$PWD/tmp ot-match -m 1M big.csv slow > /dev/null &
	pid=$!
	{ head -50000 big.csv; sleep 1; } > slow &
	sleep 0.5
	kill -TERM "$pid"
	wait "$pid" || true
	assert_equal "$(ls -A tmp)" ""
	run --separate-stderr env TMPDIR=$PWD/nowhere ot-match -m 1M big.csv big.csv
	assert_failure 1
	[[ "$stderr" == "ot-match: temporary file in $PWD/nowhere: No such file or directory" ]] || false
}
