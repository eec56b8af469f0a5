#!/usr/bin/env bats
# Tokenization configs (--config, OpenLinkToken 2.1's YAML): a config of
# every type against the reference's own output (tests/golden/config),
# the reader's errors, its bounds, the metadata of config runs and what
# ot-meta merge, ot-match and ot-inspect make of them.

load helper

G=$TOP/tests/golden/config

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey' > hashing.key
	export HOME=$BATS_TEST_TMPDIR/home NO_PROGRESS=1
	mkdir -p "$HOME"
}

# A token file with its random record ids written UUID.
masked() {
	sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}/UUID/' "$1"
}

counts() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(json.dumps({k: j[k] for k in ("TotalRows", "TotalRowsWithInvalidAttributes",
      "InvalidAttributesByType", "BlankTokensByRule")}, indent=2))' "$1"
}

# A config of one String field a and the rule R with expression $1.
one_rule() {
	printf 'column_mappings:\n  RecordId:\n    column_name: id\n    type: RecordId\n  A:\n    column_name: a\n    type: String\ntoken_rules:\n  R:\n    - field: A\n      expression: "%s"\n' "$1"
}

@test "config: every type, both fields of one column, a date that is none: the reference's rows and counts" {
	run --separate-stderr ot olt tokenize -i "$G/hospital.csv" -o demo.csv --mode demo --config "$G/hospital.yaml"
	assert_success
	[[ $stderr == *"hospital.yaml:12: fields Family and Maiden both read column 'family'"* ]]
	assert_equal "$(masked demo.csv)" "$(cat "$G/hospital.demo.csv")"
	assert_equal "$(counts demo.metadata.json)" "$(cat "$G/hospital.demo.metadata.json")"
	# the rule of the date that is none has no row at all, as there
	run grep -c '^V_DATE,.*,m2$' demo.csv
	assert_output 0
}

@test "config: the hashed tokens of those signatures, on threads, through the stages, from Parquet" {
	python3 - "$G/hospital.demo.csv" > want.csv <<-'PY'
	import hashlib, sys
	for i, line in enumerate(open(sys.argv[1])):
	    rule, sig, rid = line.rstrip("\n").split(",")
	    if i > 0 and sig != "0" * 64:
	        sig = hashlib.sha256(sig.encode()).hexdigest()
	    print(",".join((rule, sig, rid)))
	PY
	for how in "-j 1" "-j 2" --pipeline; do
		ot $how --config "$G/hospital.yaml" -i "$G/hospital.csv" -t csv -o s.csv --sha256-only 2> /dev/null
		assert_equal "$(masked s.csv)" "$(cat want.csv)"
		assert_equal "$(counts s.metadata.json)" "$(cat "$G/hospital.demo.metadata.json")"
	done
	# encrypted, legacy and V1, decrypt to the hash-only tokens
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	ot --config "$G/hospital.yaml" -i "$G/hospital.csv" -t csv -o h.csv --hash-only \
	    --hashing-secret-file hashing.key 2> /dev/null
	for how in "-j 2" --pipeline; do
		for f in legacy v1; do
			ot $how --config "$G/hospital.yaml" -i "$G/hospital.csv" -t csv -o e.csv --format $f \
			    --hashing-secret-file hashing.key --encryption-key-file enc.key 2> /dev/null
			ot -d -i e.csv -t csv -o d.csv --encryption-key-file enc.key 2> /dev/null
			assert_equal "$(masked d.csv)" "$(masked h.csv)"
		done
	done
	# Parquet has no header of two equal names: the input without the
	# second "family" (which only the later field read), and Maiden then
	# reading none
	cut -d, -f1-10 "$G/hospital.csv" | awk -F, -v OFS=, '{ NF = 10 } 1' > h.csv
	ot-parquet write -o h.parquet h.csv
	ot -j 2 --config "$G/hospital.yaml" -i h.csv -t csv -o c.csv --sha256-only 2> /dev/null
	ot -j 2 --config "$G/hospital.yaml" -i h.parquet -t parquet -ot csv -o p.csv --sha256-only 2> /dev/null
	assert_equal "$(masked p.csv)" "$(masked c.csv)"
	assert_equal "$(counts p.metadata.json)" "$(counts c.metadata.json)"
	# without that column F_FAMILY is blank and G_GIVEN as before
	assert_equal "$(grep -c '^F_FAMILY,0\{64\},' c.csv)" 6
	assert_equal "$(grep '^G_GIVEN' c.csv | masked /dev/stdin)" "$(grep '^G_GIVEN' want.csv)"
}

@test "config: a CSV header is matched exactly, a Parquet column ignoring case" {
	printf 'ID,Given Name,sex\n1,Ann,F\n2,Bo,M\n' > in.csv
	printf 'column_mappings:\n  RecordId:\n    column_name: id\n    type: RecordId\n  G:\n    column_name: given name\n    type: FirstName\n  S:\n    column_name: sex\n    type: Sex\ntoken_rules:\n  R:\n    - field: G\n      expression: "T|U"\n    - field: S\n      expression: "T"\n' > c.yaml
	run --separate-stderr ot --config c.yaml -i in.csv -t csv -o c.csv --hash-only --hashing-secret-file hashing.key
	assert_failure 1
	[[ $stderr == *"no column 'given name' (field G of c.yaml): rules using it will be blank"* ]]
	[[ $stderr == *"no column 'id' (field RecordId of c.yaml): record ids will be random UUIDs"* ]]
	[[ $stderr == *"in.csv: every rule is blank in all 2 records: no token made can ever match"* ]]
	[ ! -e c.csv ]
	ot-parquet write -o in.parquet in.csv
	run --separate-stderr ot --config c.yaml -i in.parquet -t parquet -ot csv -o p.csv --hash-only --hashing-secret-file hashing.key
	assert_success
	[[ $stderr != *"no column"* ]]
	printf 'RuleId,Token,RecordId\nR,%s,1\nR,%s,2\n' \
	    "$(printf '%s' "$(printf 'ANN|Female' | sha256sum | cut -c1-64)" | openssl dgst -sha256 -hmac HashingKey -binary | base64)" \
	    "$(printf '%s' "$(printf 'BO|Male' | sha256sum | cut -c1-64)" | openssl dgst -sha256 -hmac HashingKey -binary | base64)" > want.csv
	cmp p.csv want.csv
}

@test "config: the reader's errors name the file, the line and the field; ot and the stages exit 2, ot olt 1" {
	printf 'id,a\n1,x\n' > in.csv
	check() {	# config-text expected-message
		printf '%s' "$1" > bad.yaml
		run --separate-stderr ot --config bad.yaml -i in.csv -t csv -o o.csv --hash-only --hashing-secret-file hashing.key
		assert_failure 2
		[[ $stderr == *"ot: bad.yaml:$2"* ]] || fail "ot: $stderr"
		[ "$(printf '%s\n' "$stderr" | grep -vc warning)" -eq 1 ] || fail "not one line: $stderr"
		[ ! -e o.csv ]
		for s in ot-normalize ot-sign; do
			run --separate-stderr $s --config bad.yaml in.csv
			assert_failure 2
			[[ $stderr == *"$s: bad.yaml:$2"* ]] || fail "$s: $stderr"
		done
		run --separate-stderr ot olt tokenize -i in.csv -o o.csv --mode demo --config bad.yaml
		assert_failure 1
		[[ $stderr == *"bad.yaml:$2"* ]] || fail "ot olt: $stderr"
	}
	ok=$(one_rule T)
	check "${ok/type: String/type: Strng}" "7: column_mappings: A: type: unknown type 'Strng' (the types, with their case: FirstName, GivenName,"
	check "${ok/field: A/field: B}" "10: token_rules: R: entry 1: field 'B' is not in column_mappings (its field ids: RecordId, A)"
	check "$(one_rule '')" "11: token_rules: R: entry 1: expression is missing or empty"
	check "$(one_rule 'T|X')" "11: token_rules: R: entry 1: expression: unknown expression operator 'X' (the operators are T, U, S, D, M and R)"
	check "$(one_rule 'T|TU')" "11: token_rules: R: entry 1: expression: unknown expression operator 'TU'"
	check "$(one_rule 'M(()')" "11: token_rules: R: entry 1: expression: 'M(()': the regex: missing )"
	check "$(one_rule 'S(0)')" "11: token_rules: R: entry 1: expression: 'S(0)': S takes two whole numbers, S(start,end)"
	check "$(one_rule "R('a')")" "11: token_rules: R: entry 1: expression: 'R('a')': R takes two quoted arguments"
	check "$(one_rule 'T||U')" "11: token_rules: R: entry 1: expression: an empty operator between two '|'"
	check "${ok/  A:/  RecordId:}" "5: key 'RecordId' given twice (first on line 2)"
	check "${ok}
  R:
    - field: A
      expression: U
" "12: key 'R' given twice (first on line 9)"
	check "${ok/column_name: a/column_name: 2024}" "6: column_mappings: A: column_name: '2024' is a number to the reference's YAML reader, not text: quote it (\"2024\")"
	check $'column_mappings: [\n' "2: not YAML: did not find expected node content"
	check "${ok%%token_rules*}" "1: it must define a non-empty 'token_rules' section"
	check $'column_mappings:\ntoken_rules:\n  R: []\n' "1: it must define a non-empty 'column_mappings' section"
	check "${ok/- field: A/- fields: A}" "10: token_rules: R: entry 1: field is missing or empty"
}

@test "config: anchors that multiply, deep nesting and a huge config are refused quickly, with a bound named" {
	{
		echo 'a0: &a0 ["lol"]'
		for i in $(seq 1 12); do
			printf 'a%d: &a%d [' $i $i
			for k in $(seq 9); do printf '*a%d,' $((i - 1)); done
			printf '*a%d]\n' $((i - 1))
		done
		echo 'column_mappings: *a12'
		echo 'token_rules: *a12'
	} > bomb.yaml
	run --separate-stderr timeout 10 ot-sign --config bomb.yaml /dev/null
	assert_failure 2
	[[ $stderr == *"bomb.yaml:13: 'column_mappings' must be a map"* ]]
	{ printf 'column_mappings: '; for i in $(seq 40); do printf '['; done; for i in $(seq 40); do printf ']'; done; echo; } > deep.yaml
	run --separate-stderr ot-sign --config deep.yaml /dev/null
	assert_failure 2
	assert_equal "$stderr" "ot-sign: deep.yaml:1: lists and maps nested more than 16 deep"
	{ one_rule T; head -c 1100000 /dev/zero | tr '\0' '#'; echo; } > huge.yaml
	run --separate-stderr ot-sign --config huge.yaml /dev/null
	assert_failure 2
	assert_equal "$stderr" "ot-sign: huge.yaml:1: larger than 1048576 bytes"
	# a config is the 2.1-python reference's: no other profile
	one_rule T > c.yaml
	run --separate-stderr ot-sign --compat 1.12 --config c.yaml /dev/null
	assert_failure 2
	[[ $stderr == *"--config is OpenLinkToken 2.1's (olt tokenize --config), whose only reference is 2.1-python: not with --compat 1.12-java"* ]]
}

@test "config: metadata name the config by a hash of its content; ot-meta merge sums one config's shards and refuses two" {
	head -4 "$G/hospital.csv" > a.csv
	{ head -1 "$G/hospital.csv"; tail -n +5 "$G/hospital.csv"; } > b.csv
	ot --config "$G/hospital.yaml" -i a.csv -t csv -o a.tok.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	ot --config "$G/hospital.yaml" -i b.csv -t csv -o b.tok.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	run --separate-stderr ot-meta merge a.tok.metadata.json b.tok.metadata.json
	assert_success
	printf '%s\n' "$output" > sum.json
	assert_equal "$(counts sum.json)" "$(cat "$G/hospital.demo.metadata.json")"
	hash=$(ot-inspect --json --config "$G/hospital.yaml" | python3 -c 'import json, sys; print(json.load(sys.stdin)["OtConfigHash"])')
	run python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["OtConfigHash"])' sum.json
	assert_output "$hash"
	# comments and layout are not the config: the same hash
	{ echo '# our copy'; sed 's/: /:   /' "$G/hospital.yaml"; } > same.yaml
	run ot-inspect --json --config same.yaml
	assert_output --partial "\"OtConfigHash\": \"$hash\""
	# another rule is another config
	sed 's/expression: "t|u"/expression: "T|U"/' "$G/hospital.yaml" > other.yaml
	ot --config other.yaml -i b.csv -t csv -o c.tok.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	run --separate-stderr ot-meta merge a.tok.metadata.json c.tok.metadata.json
	assert_failure 1
	assert_equal "$stderr" "ot-meta: c.tok.metadata.json: made with another tokenization config than a.tok.metadata.json (OtConfigHash differs): shards of different configs have different rules and cannot be merged"
	# nor with a run of the built-in rules
	ot --compat 2.1 -i "$CONF/olt-2.1/upstream/sample.csv" -t csv -o t.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null ||
	    ot --compat 2.1 -i <(printf 'RecordId,FirstName\n1,Ann\n') -t csv -o t.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	run --separate-stderr ot-meta merge a.tok.metadata.json t.metadata.json
	assert_failure 1
	[[ $stderr == *"OtConfigHash differs"* ]]
}

@test "config: ot-match joins a config's rules by their ids, and ot-inspect lists them" {
	ot --config "$G/hospital.yaml" -i "$G/hospital.csv" -t csv -o ours.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	{ head -1 "$G/hospital.csv"; sed -n '2p;4p' "$G/hospital.csv" | sed 's/^m/t/'; } > theirs.in.csv
	ot --config "$G/hospital.yaml" -i theirs.in.csv -t csv -o theirs.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	run --separate-stderr ot-match ours.csv theirs.csv
	assert_success
	assert_output $'RecordIdA,RecordIdB,Rules\nm1,t1,G_GIVEN;N_NUM;S_STREET;V_DATE\nm3,t3,G_GIVEN;N_NUM;V_DATE'
	run ot-inspect ours.csv
	assert_success
	assert_output --partial "F_FAMILY"
	assert_output --partial "S_STREET"
	run ot-inspect --config "$G/hospital.yaml"
	assert_success
	assert_line "  rules: 5, written in this order"
	assert_line "    S_STREET: Street U|R(' ','')|M(\\w)|S(-1,6); Given T|R('','-')|s(0,5)"
	assert_line "    RecordId: column \"MRN\", type RecordId (the output's RecordId)"
	# two configs on the two sides: said
	sed 's/expression: "t|u"/expression: "T|U"/' "$G/hospital.yaml" > other.yaml
	ot --config other.yaml -i theirs.in.csv -t csv -o theirs2.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	run --separate-stderr ot-match ours.csv theirs2.csv
	assert_success
	[[ $stderr == *"ours.metadata.json and theirs2.metadata.json were made with different tokenization configs (OtConfigHash)"* ]]
}

@test "config: str.upper() beyond ASCII is the table of the Python the references ran on" {
	python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
	    skip "lib/person/pyupper.c is of Python 3.11's Unicode (14.0)"
	"$TOP/scripts/gen-pyupper" > got.c
	cmp got.c "$TOP/lib/person/pyupper.c"
}

@test "config: without --config nothing changes: no config hash, T1-T5" {
	printf 'RecordId,FirstName,LastName,Sex,BirthDate\n1,Ann,Li,F,2000-01-01\n' > in.csv
	ot -i in.csv -t csv -o t.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	run grep -c OtConfigHash t.metadata.json
	assert_output 0
	assert_equal "$(cut -d, -f1 t.csv | tr '\n' ' ')" "RuleId T1 T2 T3 T4 T5 "
}

@test "config: the README's worked config runs as shown, and its errors are ot's" {
	block=$(sed -n '/^<!-- config:begin -->$/,/^<!-- config:end -->$/p' "$TOP/README.md" | sed '1d;$d;s/^    //')
	printf '%s\n' "$block" | awk '/^\$ cat hospital.yaml/ { f = 1; next } /^\$ / { f = 0 } f' > hospital.yaml
	printf '%s\n' "$block" | awk '/^\$ / { f = 1 } /^\$ cat/ { f = 0 } f' | sed 's/^\$ //' > run.sh
	[ "$(wc -l < run.sh)" -eq 3 ]
	printf 'MRN,given name,family,mother_family,dob,gender\nm1,Ann,Li,Ng,2000-01-02,F\nm2,Bo,Ba,,1990-05-06,M\n' > export.csv
	run --separate-stderr bash -e run.sh
	assert_success
	cmp tokens.csv same-tokens.csv
	assert_equal "$(cut -d, -f1,3 tokens.csv | tr '\n' ' ')" "RuleId,RecordId C_MOTHER,m1 T1,m1 C_MOTHER,m2 T1,m2 "
	run grep -c '^C_MOTHER,0\{64\},m2$' tokens.csv
	assert_output 1
	# the README's error lines, from the edits they name
	err() {
		sed "$1" hospital.yaml > h.yaml
		run --separate-stderr ot --config h.yaml -i export.csv -t csv -o x.csv --hash-only --hashing-secret-file hashing.key
		assert_failure 2
		line=$(printf '%s\n' "$stderr" | grep -v warning | sed 's/h\.yaml/hospital.yaml/')
		# the list of types is cut short there
		grep -qxF -- "    $line" "$TOP/README.md" || { [[ $line == *"(the types"* ]] &&
		    grep -qF -- "    ${line%%LastName*}..." "$TOP/README.md"; } || fail "not in the README: $line"
	}
	err 's/type: GivenName/type: GivenNames/'
	err '0,/field: Given$/s//field: Givn/'
	err '/C_MOTHER/,$ {0,/expression: "T|U"/s//expression: ""/}'
	err '/C_MOTHER/,$ {0,/expression: "T|U"/s//expression: "T|X"/}'
	err 's/C_MOTHER:/T1:/'
}
