#!/usr/bin/env bats
# Secret hygiene and IV uniqueness.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-7f3a-secret' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
}

@test "secrets given by file or environment appear in no process's command line or environment" {
	mkfifo gate1 gate2
	OT_HASHING_SECRET=HashingKey-7f3a-secret ot-hash gate1 > /dev/null &
	hpid=$!
	ot-normalize gate2 2>/dev/null | ot-sign | ot-hash -k hashing.key |
	    ot-encrypt -k enc.key > /dev/null &
	ppid=$!
	sleep 0.5
	ps -eo args > ps.txt
	environ=$(tr '\0' '\n' < /proc/$hpid/environ)
	printf 'RuleId,Signature,RecordId\nT1,A|B,r1\n' > gate1
	printf 'RecordId,FirstName\nr1,Ann\n' > gate2
	wait "$hpid"
	wait "$ppid"
	grep -q 'ot-hash -k hashing.key' ps.txt
	grep -q 'ot-hash gate1' ps.txt
	[ "$(grep -c -e HashingKey-7f3a-secret -e Secret-Encryption ps.txt)" -eq 0 ]
	[[ "$environ" == *OT_HASHING_SECRET=* ]]
	[[ "$environ" != *HashingKey-7f3a-secret* ]]
}

@test "no error message shows a secret or a signature" {
	printf 'RuleId,Signature,RecordId\nT1,DOE|JOHN|2000-01-01,r1\nT2,DOE|JOHN\n' > sig.csv
	run --separate-stderr ot-hash -k hashing.key sig.csv
	assert_failure 1
	[[ "$stderr" != *DOE* && "$stderr" != *HashingKey* ]]
	printf 'Secret-Encryption-Key-Goes-Here!!' > k33
	run --separate-stderr ot-encrypt -k k33 sig.csv
	assert_failure 2
	[[ "$stderr" != *Secret-Encryption* ]]
	ot-sign <(printf 'RecordId,FirstName,LastName,BirthDate,Sex\nr1,John,Doe,2000-01-01,Male\n') |
	    ot-hash -k hashing.key | ot-encrypt -k enc.key > enc.csv
	printf 'Another-Encryption-Key-32-bytes.' > wrong.key
	run --separate-stderr ot-decrypt -k wrong.key enc.csv
	assert_failure 1
	[[ "$stderr" != *Another-Encryption* && "$stderr" != *Secret-Encryption* ]]
}

@test "1,000,000 tokens encrypted by 4 processes at once never repeat an IV" {
	awk 'BEGIN { print "RuleId,Token,RecordId"; for (i = 0; i < 250000; i++) printf "T1,%044d,r%d\n", i, i }' > tok.csv
	printf '%s\n' 1 2 3 4 | xargs -P 4 -I{} sh -c 'ot-encrypt -k enc.key tok.csv > enc{}.csv'
	for n in 1 2 3 4; do
		[ "$(wc -l < enc$n.csv)" -eq 250001 ]
	done
	# the first 16 base64 characters of a token are exactly its 12-byte IV
	tail -q -n +2 enc1.csv enc2.csv enc3.csv enc4.csv | cut -d, -f2 | cut -c1-16 > ivs.txt
	[ "$(wc -l < ivs.txt)" -eq 1000000 ]
	[ "$(sort ivs.txt | uniq -d | wc -l)" -eq 0 ]
	ot-decrypt -k enc.key enc3.csv | cmp - tok.csv
}
