#!/usr/bin/env bats
# ot --compat 2.1 against the OpenLinkToken 2.1.2 olt CLI's own outputs
# (../shared/conformance/olt-2.1): token files byte for byte, metadata
# counts, the 2.x token modes, the normalized values and signatures.

load helper

setup() {
	conformance_setup
	O=$CONF/olt-2.1
}

# The input each *.default.csv of tokenize/ was made from.
input_of() {
	case $1 in
	sample) echo "$O/upstream/sample.csv" ;;
	names|ssn) echo "$O/$1/$1.csv" ;;
	*) echo "$O/upstream/mockdata/$1.csv" ;;
	esac
}

# The reference's file, gunzipped when it is kept gzip'd.
ref() {
	if [ -f "$1" ]; then cat "$1"; else gzip -dc "$1.gz"; fi
}

# The vectors ot reproduces: every *.default.csv but the two made with a
# custom --config (sample-nonstandard-input, and sample.upstream-config,
# which equals sample.default.csv: checked below).
bases() {
	for f in "$O"/tokenize/*.default.csv "$O"/tokenize/*.default.csv.gz "$O"/names/*.default.csv "$O"/ssn/*.default.csv; do
		b=$(basename "$f"); b=${b%.gz}; b=${b%.default.csv}
		case $b in sample-nonstandard-input|sample.upstream-config) continue ;; esac
		echo "$b"
	done | sort -u
}

@test "conformance olt 2.1: every default-mode token file byte for byte, with the metadata's counts" {
	[ "$(bases | wc -l)" -eq 7 ]
	for b in $(bases); do
		d=$O/tokenize; [ -f "$O/$b/$b.default.csv" ] && d=$O/$b
		ot --compat 2.1 -i "$(input_of "$b")" -t csv -o "$b.csv" --hash-only --hashing-secret-file hashing.key 2> /dev/null
		cmp "$b.csv" <(ref "$d/$b.default.csv") || fail "$b: tokens differ"
		python3 "$TOP/tests/helpers/compare-metadata.py" "$b.metadata.json" "$d/$b.default.metadata.json" ||
		    fail "$b: metadata differs"
	done
	cmp sample.csv "$O/tokenize/sample.upstream-config.default.csv"
	cmp sample.csv "$O/upstream/hashed-output.csv"
}

@test "conformance olt 2.1: the 2.x metadata fields, as the reference names them" {
	ot --compat 2.1 -i "$O/upstream/sample.csv" -t csv -o s.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	run python3 -c 'import json, sys
j = json.load(open("s.metadata.json")); r = json.load(open(sys.argv[1]))
print(j["Version"], r["Version"], j["OtCompat"], "OpenTokenVersion" in j, j["Platform"])
print([k for k in j if k in r] == [k for k in r if k in j and k != "PythonVersion"])' "$O/tokenize/sample.default.metadata.json"
	assert_success
	assert_output $'2.1.2 2.1.2 2.1-python False C\nTrue'
}

@test "conformance olt 2.1: --sha256-only is --mode hash-only, byte for byte, without a secret or its hash" {
	for b in $(bases); do
		d=$O/tokenize; [ -f "$O/$b/$b.hash-only.csv" ] && d=$O/$b
		run --separate-stderr ot --compat 2.1 --sha256-only -i "$(input_of "$b")" -t csv -o "$b.csv"
		assert_success
		[[ $stderr == *"never send them to a partner"* ]]
		cmp "$b.csv" <(ref "$d/$b.hash-only.csv") || fail "$b: tokens differ"
		python3 "$TOP/tests/helpers/compare-metadata.py" "$b.metadata.json" "$d/$b.hash-only.metadata.json" ||
		    fail "$b: metadata differs"
		run grep -c HashingSecretHash "$b.metadata.json"
		assert_output 0
	done
}

@test "conformance olt 2.1: --hash-record-ids, threads and stages alike" {
	ot --compat 2.1 --hash-record-ids -i "$O/upstream/sample.csv" -t csv -o a.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	cmp a.csv "$O/tokenize/sample.default.hash-record-ids.csv"
	python3 "$TOP/tests/helpers/compare-metadata.py" a.metadata.json "$O/tokenize/sample.default.hash-record-ids.metadata.json"
	ot --compat 2.1 --hash-record-ids --pipeline -i "$O/upstream/sample.csv" -t csv -o b.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	cmp b.csv a.csv
}

@test "conformance olt 2.1: the same bytes on one thread, on many, and through the stages" {
	for b in names ssn test_data; do
		d=$O/tokenize; [ -f "$O/$b/$b.default.csv" ] && d=$O/$b
		for how in "-j 1" "-j 3" --pipeline; do
			ot --compat 2.1 $how -i "$(input_of "$b")" -t csv -o "$b.csv" --hash-only --hashing-secret-file hashing.key 2> /dev/null
			cmp "$b.csv" <(ref "$d/$b.default.csv") || fail "$b $how: tokens differ"
			python3 "$TOP/tests/helpers/compare-metadata.py" "$b.metadata.json" "$d/$b.default.metadata.json"
		done
	done
	OT_COMPAT=2.1 ot -i "$O/names/names.csv" -t csv -o env.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	cmp env.csv "$O/names/names.default.csv"
}

@test "conformance olt 2.1: ot-normalize's values and ot-sign's signatures are the reference's" {
	for b in $(bases); do
		d=$O/tokenize; [ -f "$O/$b/$b.normalized.csv" ] && d=$O/$b
		ot-normalize --compat 2.1 "$(input_of "$b")" > "$b.norm.csv" 2> /dev/null
		python3 "$TOP/tests/helpers/olt21.py" normalized-check <(ref "$d/$b.normalized.csv") "$b.norm.csv" ||
		    fail "$b: normalized values differ"
		ot-sign --compat 2.1 "$b.norm.csv" > "$b.sig.csv"
		python3 "$TOP/tests/helpers/olt21.py" signatures-check <(ref "$d/$b.signatures.csv") "$b.sig.csv" ||
		    fail "$b: signatures differ"
	done
}

@test "conformance olt 2.1: the default profile is still 1.12.5 Java's, which differs on these vectors" {
	ot -i "$O/names/names.csv" -t csv -o n.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	! cmp -s n.csv "$O/names/names.default.csv"
	ot -i "$CONF/upstream/sample.csv" -t csv -o s.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	cmp s.csv "$CONF/expected/sample.tokens.csv"
	run python3 -c 'import json; j = json.load(open("s.metadata.json")); print(j["OpenTokenVersion"], j["OtCompat"], "Version" in j)'
	assert_output "1.12.5 1.12-java False"
}
