#!/usr/bin/env bats
# T7, ot's error-tolerant rule (README "T7: matching through typos",
# ot-sign(1) T7): what it matches and what it does not, that it is keyed
# like T1-T5, that it travels through every format unchanged, and that
# T1-T5 stay the reference's; ot-match's --truth figures on a hand-made
# case, and rows of rules ot does not know.

load helper

HDR=RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey' > h.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	# ours, and theirs with: a deleted letter in a last name, the day
	# and month swapped (and Male), a nickname (with a US date and
	# FEMALE, which only T7 reads), and a different man of the same
	# birth date, postal code, sex and last initial
	printf '%s\n' "$HDR" a1,Margaret,Thompson,1975-04-12,F,98004, \
	    a2,Robert,Fischer,1982-03-07,M,30301, a3,Elizabeth,Gonzalez,1990-11-23,F,60601, \
	    a4,Harold,Brennan,1966-08-19,M,10001, > ours.csv
	printf '%s\n' "$HDR" b1,Margaret,Thomson,1975-04-12,F,98004, \
	    b2,Robert,Fischer,1982-07-03,Male,30301, b3,Liz,Gonzalez,11/23/1990,FEMALE,60601, \
	    b4,Henry,Baxter,1966-08-19,M,10001, > theirs.csv
}

tokens() {	# input output [options]
	local in=$1 out=$2
	shift 2
	ot -i "$in" -t csv -o "$out" --hash-only --hashing-secret-file h.key "$@" 2> /dev/null
}

@test "t7: a typo, a swapped day and month and a nickname still match on T7; T1-T5 find none of them" {
	tokens ours.csv ours.tok --rules all
	tokens theirs.csv theirs.tok --rules all
	run --separate-stderr ot-match ours.tok theirs.tok
	assert_success
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules,Score \
	    a1,b1,T7:4,4 a2,b2,T5\;T7:15,17 a3,b3,T7:17,17)"
	# the reference's rules alone: T5 of a2 and b2 is a candidate, never a match
	tokens ours.csv o5.tok
	tokens theirs.csv t5.tok
	run --separate-stderr ot-match --summary s.json o5.tok t5.tok
	assert_success
	assert_output RecordIdA,RecordIdB,Rules,Score
	python3 -c 'import json; s = json.load(open("s.json")); assert s["Pairs"] == 0, s'
	assert_equal "$(ot-match --all-pairs --threshold 0 o5.tok t5.tok | tail -n +2)" a2,b2,T5,2
}

@test "t7: unrelated people of one birth date, postal code, sex and last initial share no T7 token" {
	tokens ours.csv ours.tok --rules all
	tokens theirs.csv theirs.tok --rules all
	# not even as a candidate
	run --separate-stderr ot-match --all-pairs --threshold 0 ours.tok theirs.tok
	assert_success
	refute_output --partial a4,
	refute_output --partial ,b4
	# nor with a same-named twin's birth date and another first name
	printf '%s\n' "$HDR" c1,Harold,Brennan,1966-08-19,M,10001, > c.csv
	printf '%s\n' "$HDR" d1,Walter,Brennan,1966-08-19,M,10001, > d.csv
	tokens c.csv c.tok --rules all
	tokens d.csv d.tok --rules all
	run --separate-stderr ot-match c.tok d.tok
	assert_success
	assert_output RecordIdA,RecordIdB,Rules,Score
}

@test "t7: keyed by the hashing secret: another secret shares no T7 token" {
	tokens ours.csv a.tok --rules T7
	printf 'AnotherKey' > h.key
	tokens ours.csv b.tok --rules T7
	[ "$(grep -c '^T7,' a.tok)" -eq 80 ]
	grep '^T7,' a.tok | grep -v ',0000000000' | cut -d, -f2 | sort > a.t
	grep '^T7,' b.tok | grep -v ',0000000000' | cut -d, -f2 | sort > b.t
	[ "$(wc -l < a.t)" -gt 60 ]
	assert_equal "$(comm -12 a.t b.t | wc -l)" 0
	# and a T7 token is the HMAC of its signature's SHA-256, as T1-T5's
	sig=$(ot-normalize --rules T7 ours.csv | ot-sign --rules T7 | awk -F, 'NR == 2 { print $2 }')
	assert_equal "$sig" 'T7.1|MARGARET|THOMPSON|1975|04|12'
	want=$(printf '%s' "$sig" | sha256sum | cut -d' ' -f1 | tr -d '\n' |
	    openssl dgst -sha256 -hmac AnotherKey -binary | base64)
	assert_equal "$(awk -F, 'NR == 2 { print $2 }' b.tok)" "$want"
}

@test "t7: T1-T5 rows and metadata stay the reference's with --rules; T7's blanks are counted and merged" {
	gen_people 50 > p.csv
	tokens p.csv d.tok
	tokens p.csv l.tok --rules T1,T2,T3,T4,T5
	cmp d.tok l.tok
	tokens p.csv all.tok --rules all
	grep -v '^T7,' all.tok | cmp - d.tok
	# the same rows on one thread, and through the stages
	tokens p.csv j1.tok --rules all -j 1
	cmp j1.tok all.tok
	tokens p.csv st.tok --rules all --pipeline
	cmp st.tok all.tok
	[ "$(grep -c '^T7,' all.tok)" -eq 1000 ]

	python3 - d.metadata.json l.metadata.json all.metadata.json <<-'PY'
	import json, sys
	d, l, a = (json.load(open(f)) for f in sys.argv[1:])
	for m in d, l, a:
	    del m["Timestamp"]
	assert d == l, (d, l)
	assert list(d["BlankTokensByRule"]) == ["T1", "T2", "T3", "T4", "T5"], d
	assert a["BlankTokensByRule"] == dict(d["BlankTokensByRule"], T7=0), a
	del a["BlankTokensByRule"]["T7"]
	assert a == d, (a, d)
	PY
	# a record with no date, postal code or SSN has every T7 view blank
	printf '%s\n' "$HDR" x1,Ann,Lee,,F,, x2,Ann,Lee,1990-01-02,F,, > b.csv
	tokens b.csv b.tok --rules all
	python3 -c 'import json; m = json.load(open("b.metadata.json")); assert m["BlankTokensByRule"]["T7"] == 1, m'
	[ "$(grep -c '^T7,0\{64\},x1$' b.tok)" -eq 20 ]
	ot-meta merge -o sum.json b.metadata.json all.metadata.json
	python3 -c 'import json; m = json.load(open("sum.json")); assert m["BlankTokensByRule"]["T7"] == 1 and m["TotalRows"] == 52, m'
}

@test "t7: T7 rows through encryption, V1, Parquet and a package decrypt to the hash-only rows" {
	tokens ours.csv want.tok --rules all
	# legacy encrypted, decrypted by ot -d and by ot-decrypt
	ot -i ours.csv -t csv -o enc.csv --hashing-secret-file h.key --encryption-key-file enc.key \
	    --rules all 2> /dev/null
	[ "$(grep -c '^T7,' enc.csv)" -eq 80 ]
	ot-decrypt -k enc.key enc.csv | cmp - want.tok
	ot -d -i enc.csv -t csv -o dec.csv --encryption-key-file enc.key 2> /dev/null
	cmp dec.csv want.tok
	# V1: each row's rlid is its rule
	ot -i ours.csv -t csv -o v1.csv --hashing-secret-file h.key --encryption-key-file enc.key \
	    --rules all --format v1 2> /dev/null
	ot-decrypt -k enc.key v1.csv | cmp - want.tok
	run --separate-stderr ot-inspect v1.csv
	assert_line --partial 'rules: T1 4, T2 4, T3 4, T4 4, T5 4, T7 80'
	# with a T8 vector after T7's rows, which ot-match reads as a rule it
	# knows and never pairs on
	python3 - ours.csv <<-'PY' > vec.csv
	import base64, csv, struct, sys
	r = csv.reader(open(sys.argv[1]))
	w = csv.writer(sys.stdout, lineterminator="\n")
	w.writerow(next(r) + ["Embedding"])
	for i, row in enumerate(r):
	    w.writerow(row + [base64.b64encode(struct.pack("<2f", i, 1)).decode()])
	PY
	ot -i vec.csv -t csv -o v8.csv --hashing-secret-file h.key --encryption-key-file enc.key \
	    --rules all --format v1 --ring-id r --vector-column Embedding --ppid-dims 2 2> /dev/null
	ot-decrypt -k enc.key v8.csv | awk -F, 'NR > 1 { print $1 }' | uniq -c | head -4 | tr -s ' ' > order
	assert_equal "$(cat order)" "$(printf ' 1 T1\n 1 T2\n 1 T3\n 1 T4\n')"
	ot-decrypt -k enc.key v8.csv | grep -v '^T8,' | cmp - want.tok
	[ "$(ot-decrypt -k enc.key v8.csv | sed -n 27p | cut -d, -f1)" = T8 ]
	run --separate-stderr ot-match -k enc.key v8.csv v8.csv
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 5
	# Parquet out, read back
	ot -i ours.csv -t csv -o pq.parquet -ot parquet --hash-only --hashing-secret-file h.key \
	    --rules all 2> /dev/null
	ot-parquet cat pq.parquet | cmp - want.tok
	# a package: ot tokenize, ot decrypt, and ot-match on the package itself
	ot-keygen -o r > /dev/null
	ot-keygen -o s > /dev/null
	ot tokenize -i theirs.csv -t csv -o pkg.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem --rules all 2> /dev/null
	ot decrypt -i pkg.zip -t csv -o pdec.csv --receiver-keypair-path r/keypair.pem 2> /dev/null
	[ "$(grep -c '^T7,' pdec.csv)" -eq 80 ]
	ot tokenize -i ours.csv -t csv -o mine.csv --hash-only --receiver-public-key s/public_key.pem \
	    --sender-keypair-path r/keypair.pem --rules all 2> /dev/null
	run --separate-stderr ot-match --keypair r/keypair.pem mine.csv pkg.zip
	assert_success
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules,Score \
	    a1,b1,T7:4,4 a2,b2,T5\;T7:15,17 a3,b3,T7:17,17)"
}

@test "t7: --rules refuses a rule ot does not know, naming it" {
	run --separate-stderr ot-sign --rules T1,T9 /dev/null
	assert_failure 2
	assert_equal "$stderr" "ot-sign: --rules T1,T9: ot knows no rule T9 (it knows T1, T2, T3, T4, T5 and T7, or all)"
	run --separate-stderr ot -i ours.csv -t csv -o x.csv --hash-only --hashing-secret-file h.key --rules ''
	assert_failure 2
	[ ! -e x.csv ]
}

# Hash-only tokens of the hand-made case: a token per name.
tok() {
	printf '%s' "$1" | openssl dgst -sha256 -binary | base64
}

@test "t7: --truth: precision, recall, F1, by rule combination and the sweep, on a hand-made case" {
	# a1-b1 agree on T1 and T3 (12 points, true); a2-b2 on T1 (6, false:
	# a2 is truly b3); a3-b3 on T5 only (2, a candidate below the
	# threshold); a4 is truly b9, whom theirs do not hold
	{
		echo RuleId,Token,RecordId
		echo "T1,$(tok p),a1"; echo "T3,$(tok q),a1"; echo "T5,$(tok z1),a1"
		echo "T1,$(tok r),a2"; echo "T3,$(tok s1),a2"; echo "T5,$(tok z2),a2"
		echo "T1,$(tok s2),a3"; echo "T3,$(tok s3),a3"; echo "T5,$(tok t),a3"
		echo "T1,$(tok s4),a4"; echo "T3,$(tok s5),a4"; echo "T5,$(tok s6),a4"
	} > o.tok
	{
		echo RuleId,Token,RecordId
		echo "T1,$(tok p),b1"; echo "T3,$(tok q),b1"; echo "T5,$(tok y1),b1"
		echo "T1,$(tok r),b2"; echo "T3,$(tok y2),b2"; echo "T5,$(tok y3),b2"
		echo "T1,$(tok y4),b3"; echo "T3,$(tok y5),b3"; echo "T5,$(tok t),b3"
	} > t.tok
	printf 'RecordIdA,RecordIdB\na1,b1\na2,b3\na4,b9\n' > truth.csv
	run --separate-stderr ot-match --truth truth.csv --summary s.json o.tok t.tok
	assert_success
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules,Score a1,b1,T1\;T3,12 a2,b2,T1,6)"
	python3 - s.json <<-'PY'
	import json, sys
	t = json.load(open(sys.argv[1]))["Truth"]
	want = {"TruePairs": 3, "Pairs": 2, "TruePositives": 1, "FalsePositives": 1,
	        "FalseNegatives": 2, "Precision": 0.5, "Recall": 0.3333, "F1": 0.4}
	assert {k: t[k] for k in want} == want, t
	by = {c["Rules"]: (c["Pairs"], c["TruePositives"], c["Precision"]) for c in t["ByRules"]}
	assert by == {"T1;T3": (1, 1, 1.0), "T1": (1, 0, 0.0)}, by
	sweep = [(s["Threshold"], s["Pairs"], s["TruePositives"], s["Precision"], s["Recall"])
	         for s in t["Sweep"]]
	assert sweep == [(12, 1, 1, 1.0, 0.3333), (6, 2, 1, 0.5, 0.3333), (2, 3, 1, 0.3333, 0.3333)], sweep
	PY
	# a truth file that is not one
	printf 'RecordIdA\n' > bad.csv
	run --separate-stderr ot-match --truth bad.csv o.tok t.tok
	assert_failure 1
	assert_equal "$stderr" "ot-match: bad.csv:1: a truth file has two columns, our RecordId and theirs (RecordIdA,RecordIdB)"
	run --separate-stderr ot-match --truth missing.csv o.tok t.tok
	assert_failure 1
	assert_output ""
}

@test "t7: rows of rules ot does not know: ot-match and ot-inspect count them and go on, with one warning" {
	tokens ours.csv o.tok
	tokens theirs.csv t.tok --rules T1,T2,T3,T4,T5
	ot-match --all-pairs --threshold 0 o.tok t.tok > want.csv
	# another implementation's T6 and ML1 rows in theirs
	awk -F, 'NR == 1 { print; next } { print } $1 == "T5" { print "T6," $2 "," $3; print "ML1," $2 "," $3 }' \
	    t.tok > u.tok
	run --separate-stderr ot-match --all-pairs --threshold 0 --summary s.json o.tok u.tok
	assert_success
	assert_output "$(cat want.csv)"
	assert_equal "$stderr" "ot-match: warning: 8 rows of rules ot does not know (T6 4, ML1 4) counted and not matched"
	python3 -c 'import json; s = json.load(open("s.json")); assert s["UnknownRules"] == {"T6": 4, "ML1": 4}, s["UnknownRules"]'
	run --separate-stderr ot-inspect u.tok
	assert_success
	assert_line '  rules ot does not know (ot-match skips them): T6 4, ML1 4'
	assert_equal "$stderr" "ot-inspect: warning: u.tok: 8 rows of rules ot does not know (T6, ML1): counted, and skipped by ot-match"
}
