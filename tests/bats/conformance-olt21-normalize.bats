#!/usr/bin/env bats
# The four profiles against the four references, value by value: the
# four-way tables of ../shared/conformance/olt-2.1 (names, SSNs: what
# 2.1.2 Python, 2.1.2 Java, 1.12.5 Java and 1.12.5 Python make of each
# value), through ot-normalize --compat.

load helper

setup() {
	conformance_setup
	O=$CONF/olt-2.1
}

profile_of() {
	case $1 in
	olt212_python) echo 2.1-python ;;
	olt212_java) echo 2.1-java ;;
	ot1125_java) echo 1.12-java ;;
	ot1125_python) echo 1.12-python ;;
	esac
}

check_table() {
	python3 "$TOP/tests/helpers/olt21.py" normalized4-input "$1" > in.csv
	for col in olt212_python olt212_java ot1125_java ot1125_python; do
		ot-normalize --compat "$(profile_of $col)" in.csv > out.csv 2> /dev/null
		python3 "$TOP/tests/helpers/olt21.py" normalized4-check "$1" "$col" out.csv ||
		    fail "$(basename "$1"): --compat $(profile_of $col) differs from $col"
	done
}

@test "conformance olt 2.1: every name of names.normalized4.csv as each of the four references makes it" {
	[ "$(wc -l < "$O/names/names.normalized4.csv")" -gt 700 ]
	check_table "$O/names/names.normalized4.csv"
}

@test "conformance olt 2.1: every SSN of ssn.normalized4.csv as each of the four references makes it" {
	check_table "$O/ssn/ssn.normalized4.csv"
}

@test "conformance olt 2.1: the five upstream mock files give 1.12.5's tokens under every profile" {
	for p in 1.12 1.12-python 2.1 2.1-java; do
		for b in sample test_data test_overlap1 test_overlap2 test_zip3_examples; do
			ot --compat $p -i "$CONF/upstream/$b.csv" -t csv -o "$b.csv" --hash-only --hashing-secret-file hashing.key 2> /dev/null
			cmp "$b.csv" "$CONF/expected/$b.tokens.csv" || fail "$p $b: tokens differ"
			python3 "$TOP/tests/helpers/compare-metadata.py" "$b.metadata.json" "$CONF/expected/$b.tokens.metadata.json"
		done
	done
}

@test "conformance olt 2.1: the profiles differ on the names and SSN vectors as the references do" {
	# the reference's 2.1.2 Python tokens, against ot's four profiles: only 2.1-python gives them all
	for p in 1.12 1.12-python 2.1-java; do
		ot --compat $p -i "$O/names/names.csv" -t csv -o n.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
		! cmp -s n.csv "$O/names/names.default.csv" || fail "$p gives 2.1-python's name tokens"
		ot --compat $p -i "$O/ssn/ssn.csv" -t csv -o s.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
		! cmp -s s.csv "$O/ssn/ssn.default.csv" || fail "$p gives 2.1-python's SSN tokens"
	done
}
