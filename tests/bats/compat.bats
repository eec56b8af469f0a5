#!/usr/bin/env bats
# --compat: choosing the reference, what each profile changes beyond the
# attribute values (tests/unit/attributes.txt has those), the losses it
# reports, the metadata it names, and the 2.x token modes.

load helper

HDR=RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'a-32-byte-hashing-secret-for-ot!' > hashing.key
}

tokens() {	# tokens PROFILE INPUT OUTPUT [ot options]
	local p=$1 in=$2 out=$3
	shift 3
	ot --compat "$p" -i "$in" -t csv -o "$out" --hash-only --hashing-secret-file hashing.key "$@"
}

@test "compat: an unknown profile is a usage error naming the four, for every program and OT_COMPAT" {
	for p in ot ot-normalize ot-sign ot-meta ot-hash ot-encrypt; do
		run --separate-stderr $p --compat 3.0 -o x
		assert_failure 2
		assert_equal "$stderr" "$p: --compat 3.0: not a profile: 1.12 (= 1.12-java, the default), 1.12-python, 2.1 (= 2.1-python) or 2.1-java"
	done
	OT_COMPAT=java run --separate-stderr ot-normalize /dev/null
	assert_failure 2
	assert_equal "$stderr" "ot-normalize: OT_COMPAT java: not a profile: 1.12 (= 1.12-java, the default), 1.12-python, 2.1 (= 2.1-python) or 2.1-java"
	# the names: 1.12 is 1.12-java, 2.1 is 2.1-python, in any case
	printf '%s\nr,Søren,Lee,1990-01-01,F,98004,223-45-6789\n' "$HDR" > p.csv
	for p in 1.12 1.12-JAVA 2.1 2.1-Python; do
		ot-normalize --compat $p p.csv 2> /dev/null | tail -1 | cut -d, -f2
	done > names
	assert_equal "$(cat names)" "$(printf 'Sren\nSren\nSoren\nSoren')"
}

@test "compat: a column the Python references do not read is said once, with the records it blanks" {
	printf 'RecordId,FirstName,LastName,DateOfBirth,Sex,PostalCode,SocialSecurityNumber\n' > dob.csv
	for i in 1 2 3; do echo "r$i,Ann,Lee,1990-01-0$i,F,98004,223-45-678$i" >> dob.csv; done
	run --separate-stderr tokens 2.1 dob.csv t.csv
	assert_success
	[[ $stderr == *"ot: warning: --compat 2.1-python: DateOfBirth is not a column the 2.1-python reference reads: T1, T2, T3 and T4 blank for all 3 records; rename the column to BirthDate"* ]]
	[ "$(grep -c '^T[1-4],0\{64\},' t.csv)" -eq 12 ]
	# Java reads it, and without --compat nothing is said
	run --separate-stderr ot -i dob.csv -t csv -o j.csv --hash-only --hashing-secret-file hashing.key
	assert_success
	assert_equal "$stderr" ""
	[ "$(grep -c ',0\{64\},' j.csv)" -eq 0 ]
	# the stages say it as the threads do
	run --separate-stderr tokens 2.1 dob.csv p.csv --pipeline
	[[ $stderr == *"ot-normalize: warning: --compat 2.1-python: DateOfBirth is not a column the 2.1-python reference reads: T1, T2, T3 and T4 blank for all 3 records"* ]]
	cmp p.csv t.csv
}

@test "compat: values a profile alone rejects, and letters it deletes, are counted per attribute" {
	{
		echo "$HDR"
		echo "a,Søren,Lee,1990-01-01, F,98004,223 45 6789"
		echo "b,Ann,Øst,1990-01-01,F,98004,223 45 6780"
		echo "c,Ann,Lee,1990-01-01,F,98004,223-45-6789"
	} > v.csv
	run --separate-stderr tokens 2.1 v.csv t.csv
	assert_equal "$stderr" "ot: warning: --compat 2.1-python: 2 records have a SocialSecurityNumber the 2.1-python reference rejects and 2.1-java reads (ssn-spelling): T4 blank for them; write the SSNs as DDD-DD-DDDD (ot-normalize --compat 2.1-python --reasons lists them)"
	run --separate-stderr tokens 1.12 v.csv t.csv
	assert_equal "$stderr" "ot: warning: --compat 1.12-java: 1 record has a FirstName with letters the 1.12-java reference deletes (such as Ø, Æ, Ł, ß) and 2.1-java transliterates: their tokens differ from a 2.1-java partner's
ot: warning: --compat 1.12-java: 1 record has a LastName the 1.12-java reference rejects and 2.1-java reads (lastname-pattern): T1, T2, T3 and T5 blank for them; write the names in Latin letters (ot-normalize --compat 1.12-java --reasons lists them)
ot: warning: --compat 1.12-java: 1 record has a Sex the 1.12-java reference rejects and 1.12-python reads (sex-spelling): T1, T3, T4 and T5 blank for them; write M, F, Male or Female without spaces (ot-normalize --compat 1.12-java --reasons lists them)"
	# the same counts from a Parquet file, whose dictionary values are
	# normalized once and remembered
	ot-parquet write -o v.parquet v.csv
	run --separate-stderr ot --compat 1.12 -i v.parquet -t parquet -ot csv -o pq.csv --hash-only --hashing-secret-file hashing.key
	assert_equal "$(grep -c warning <<< "$stderr")" 3
	cmp pq.csv t.csv
	# ot-normalize says it too, and --reasons lists the values
	run --separate-stderr ot-normalize --compat 2.1 --reasons v.csv
	assert_output 'RecordId,Attribute,Reason
a,SocialSecurityNumber,"ssn-spelling: spaces, a dash out of place or a fraction, which the Python references refuse"
b,SocialSecurityNumber,"ssn-spelling: spaces, a dash out of place or a fraction, which the Python references refuse"'
	[[ $stderr == *"2 records have a SocialSecurityNumber"* ]]
}

@test "compat: an empty line before the header is the Python references' header, which reads no column: refused" {
	printf '\n%s\na,Ann,Lee,1990-01-01,F,98004,223-45-6789\n' "$HDR" > e.csv
	for how in "-j 1" --pipeline; do
		run --separate-stderr tokens 2.1 e.csv t.csv $how
		assert_failure 1
		[[ $stderr == *"e.csv:2: an empty line comes before the header, which the 2.1-python reference takes for the header: it would read no column, and every token would be blank; remove the empty line"* ]]
		[ ! -e t.csv ] && [ ! -e t.metadata.json ]
	done
	# Java skips the empty line
	tokens 1.12 e.csv j.csv 2> /dev/null
	[ "$(grep -c ',0\{64\},' j.csv)" -eq 0 ]
	ot-normalize e.csv > /dev/null
}

@test "compat: a short row's missing field is invalid to the Python references, absent to Java: same tokens, other counts" {
	printf '%s\na,Ann,Lee,1990-01-01,F\n' "$HDR" > s.csv
	tokens 2.1 s.csv p.csv
	tokens 1.12 s.csv j.csv 2> /dev/null
	cmp p.csv j.csv
	python3 -c 'import json
p = json.load(open("p.metadata.json"))["InvalidAttributesByType"]
j = json.load(open("j.metadata.json"))["InvalidAttributesByType"]
assert (p["SocialSecurityNumber"], p["PostalCode"], j["SocialSecurityNumber"], j["PostalCode"]) == (1, 1, 0, 0), (p, j)'
	# in the normalized stream: an empty field (invalid), not "" (absent)
	assert_equal "$(ot-normalize --compat 2.1 s.csv | tail -1)" "a,Ann,Lee,1990-01-01,Female,,"
	assert_equal "$(ot-normalize s.csv | tail -1)" 'a,Ann,Lee,1990-01-01,Female,"",""'
}

@test "compat: the Python references quote a record id only for a comma, a quote or a line feed" {
	printf '%s\n" lead",Ann,Lee,1990-01-01,F,98004,223-45-6789\n"#h",Ann,Lee,1990-01-01,F,98004,223-45-6789\n"a,b",Ann,Lee,1990-01-01,F,98004,223-45-6789\n"q""q",Ann,Lee,1990-01-01,F,98004,223-45-6789\n' "$HDR" > q.csv
	tokens 2.1 q.csv p.csv
	tokens 1.12 q.csv j.csv 2> /dev/null
	assert_equal "$(awk 'NR % 5 == 2' p.csv | cut -d, -f3-)" "$(printf ' lead\n#h\n"a,b"\n"q""q"')"
	assert_equal "$(awk 'NR % 5 == 2' j.csv | cut -d, -f3-)" "$(printf '" lead"\n"#h"\n"a,b"\n"q""q"')"
	tokens 2.1 q.csv s.csv --pipeline
	cmp s.csv p.csv
	# and ot reads its own Python-quoted files back
	ot-match p.csv j.csv | tail -n +2 | cut -d, -f1 | sort -u > ids
	[ "$(wc -l < ids)" -eq 4 ]
}

@test "compat: the metadata goes where the reference puts it, by the last dot of the path (Java) or of the name (Python)" {
	printf '%s\na,Ann,Lee,1990-01-01,F,98004,223-45-6789\n' "$HDR" > m.csv
	mkdir run.v2
	tokens 1.12 m.csv run.v2/tokens 2> /dev/null
	[ -f run.metadata.json ] && [ ! -f run.v2/tokens.metadata.json ]
	tokens 2.1 m.csv run.v2/tokens
	[ -f run.v2/tokens.metadata.json ]
	tokens 2.1 m.csv run.v2/t.csv
	[ -f run.v2/t.metadata.json ]
}

@test "compat: the metadata names the profile; merge refuses shards of two; ot-match warns" {
	printf '%s\na,Ann,Lee,1990-01-01,F,98004,223-45-6789\n' "$HDR" > m.csv
	ot-normalize --compat 2.1 m.csv | ot-meta --compat 2.1 -o a.json -k hashing.key > /dev/null
	ot-normalize --compat 2.1 m.csv | ot-meta --compat 2.1 -o b.json -k hashing.key > /dev/null
	ot-normalize m.csv | ot-meta -o c.json -k hashing.key > /dev/null
	run python3 -c 'import json; print([(json.load(open(f)).get("OtCompat"), json.load(open(f)).get("Version"), json.load(open(f)).get("OpenTokenVersion")) for f in ("a.json", "c.json")])'
	assert_output "[('2.1-python', '2.1.2', None), ('1.12-java', None, '1.12.5')]"
	ot-meta merge -o ab.json a.json b.json
	python3 -c 'import json; j = json.load(open("ab.json")); assert (j["TotalRows"], j["OtCompat"], j["Version"]) == (2, "2.1-python", "2.1.2"), j'
	run --separate-stderr ot-meta merge a.json c.json
	assert_failure 1
	assert_equal "$stderr" "ot-meta: c.json: made for --compat 1.12-java, a.json for 2.1-python: shards of different profiles have different tokens and cannot be merged"
	# a file from before OtCompat was 1.12-java's
	grep -v OtCompat c.json > old.json
	ot-meta merge -o co.json c.json old.json
	# ot-match: the metadata beside each token file, ours and a reference's
	tokens 2.1 m.csv ours.csv
	tokens 2.1 m.csv same.csv
	run --separate-stderr ot-match ours.csv same.csv
	assert_success
	assert_equal "$stderr" ""
	cp same.csv theirs.csv
	printf '{\n  "JavaVersion": "21.0.9",\n  "Platform": "Java",\n  "OpenTokenVersion": "1.12.5",\n  "TotalRows": 1\n}' > theirs.metadata.json
	run --separate-stderr ot-match ours.csv theirs.csv
	assert_success
	assert_equal "$stderr" "ot-match: warning: ours.metadata.json says the tokens were made as 2.1-python does, theirs.metadata.json as 1.12-java does: the two normalize some names, SSNs, dates or sexes apart, and the same people then miss on those rules; tokenize again with --compat 1.12-java"
}

@test "compat: --sha256-only is keyless, never encrypted, warned about, and not 1.12.5's --hash-only" {
	printf '%s\na,Ann,Lee,1990-01-01,F,98004,223-45-6789\n' "$HDR" > m.csv
	run --separate-stderr ot --sha256-only -i m.csv -t csv -o s.csv
	assert_success
	assert_equal "$stderr" "ot: warning: --sha256-only tokens are the bare SHA-256 of each signature, with no secret: anyone can recompute them from guessed names and birth dates, so never send them to a partner (1.12.5's --hash-only, keyed with the hashing secret, is the one to share)"
	# each token is the hex SHA-256 of its signature
	assert_equal "$(sed -n 2p s.csv | cut -d, -f2)" "$(printf 'LEE|A|FEMALE|1990-01-01' | sha256sum | cut -d' ' -f1)"
	ot-normalize m.csv | ot-sign | ot-hash --sha256-only 2> /dev/null | cmp - s.csv
	for bad in "--hash-only" "-d" "--hashing-secret-file hashing.key" "--format v1" "--hash-record-ids"; do
		run --separate-stderr ot --sha256-only $bad -i m.csv -t csv -o x.csv
		assert_failure 2
		[ ! -e x.csv ]
	done
	run --separate-stderr ot-hash --sha256-only -k hashing.key /dev/null
	assert_failure 2
	assert_equal "$stderr" "ot-hash: --sha256-only takes no secret: its tokens are the bare SHA-256 of each signature"
}

@test "compat: --sha256-only tokens have no MAC, so --hash-alg and --mac-alg are refused with them" {
	printf '%s\na,Ann,Lee,1990-01-01,F,98004,223-45-6789\n' "$HDR" > m.csv
	for o in "--hash-alg SHA-384" "--mac-alg HS512"; do
		run --separate-stderr ot-hash --sha256-only $o /dev/null
		assert_failure 2
		assert_equal "$stderr" "ot-hash: --sha256-only tokens are SHA-256 with no MAC: not with --hash-alg or --mac-alg"
		run --separate-stderr ot --sha256-only $o -i m.csv -t csv -o x.csv
		assert_failure 2
		assert_equal "$stderr" "ot: --sha256-only tokens are SHA-256 with no MAC: not with --hash-alg or --mac-alg"
		[ ! -e x.csv ]
	done
}

@test "compat: --hash-record-ids writes each RecordId's SHA-256, a made-up UUID's too, encrypted or not" {
	printf '%s\nrec-1,Ann,Lee,1990-01-01,F,98004,223-45-6789\n,Bob,Lee,1990-01-01,M,98004,223-45-6789\n' "$HDR" > m.csv
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	ot --hash-record-ids -i m.csv -t csv -o e.csv --hashing-secret-file hashing.key --encryption-key-file enc.key 2> /dev/null
	ot -d -i e.csv -t csv -o d.csv --encryption-key-file enc.key
	tokens 1.12 m.csv h.csv --hash-record-ids 2> /dev/null
	assert_equal "$(sed -n 2p h.csv | cut -d, -f3)" "$(printf rec-1 | sha256sum | cut -d' ' -f1)"
	[ "$(tail -n +2 h.csv | cut -d, -f3 | sort -u | grep -c '^[0-9a-f]\{64\}$')" -eq 2 ]
	cmp <(cut -d, -f1,2 d.csv) <(cut -d, -f1,2 h.csv)
	run --separate-stderr ot -d --hash-record-ids -i e.csv -t csv -o x.csv --encryption-key-file enc.key
	assert_failure 2
}

@test "compat: ot-sign and ot-meta read a Python profile's normal forms, which the default refuses" {
	printf '%s\na,Ann,Lee,1990-01-01,F,\331\251\331\250\331\240\331\240\331\244,\331\242\331\242\331\243\331\244\331\245\331\246\331\247\331\250\331\251\n' "$HDR" > u.csv
	ot-normalize --compat 2.1 u.csv > n.csv
	assert_equal "$(tail -1 n.csv)" "$(printf 'a,Ann,Lee,1990-01-01,Female,\331\251\331\250\331\240\331\240\331\244,\331\242\331\242\331\243-\331\244\331\245-\331\246\331\247\331\250\331\251')"
	run --separate-stderr ot-sign --compat 2.1 n.csv
	assert_success
	assert_equal "$(sed -n 5p <<< "$output")" "$(printf 'T4,\331\242\331\242\331\243\331\244\331\245\331\246\331\247\331\250\331\251|FEMALE|1990-01-01,a')"
	assert_equal "$(sed -n 3p <<< "$output")" "$(printf 'T2,LEE|ANN|1990-01-01|\331\251\331\250\331\240,a')"
	run --separate-stderr ot-sign n.csv
	assert_failure 1
	[[ $stderr == *"its SocialSecurityNumber is not in the form ot-normalize writes"* ]]
	ot-meta --compat 2.1 -o m.json n.csv > /dev/null
	# the threads and the stages agree
	tokens 2.1 u.csv t.csv
	tokens 2.1 u.csv p.csv --pipeline
	cmp t.csv p.csv
}

@test "compat: the Python references read a CR LF or a CR inside quotes as LF (universal newlines)" {
	printf '%s\r\n"a\r\nb",Ann,Lee,"1990-01-01\r",F,98004,223-45-6789\r\n' "$HDR" > cr.csv
	tokens 2.1 cr.csv p.csv
	tokens 1.12 cr.csv j.csv 2> /dev/null
	# the date with its final LF is valid to Python, not with its CR to Java
	[ "$(grep -c ',0\{64\},' p.csv)" -eq 0 ]
	[ "$(grep -c ',0\{64\},' j.csv)" -eq 4 ]
	# the record id as each reads it, written back quoted
	run python3 -c 'import csv, sys
print([{r["RecordId"] for r in csv.DictReader(open(f, newline=""))} for f in sys.argv[1:]])' p.csv j.csv
	assert_output "[{'a\\nb'}, {'a\\r\\nb'}]"
	[ "$(grep -c $'\r' p.csv)" -eq 0 ]
	[ "$(grep -c $'\r' j.csv)" -eq 5 ]
}
