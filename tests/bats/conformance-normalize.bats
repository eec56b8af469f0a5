#!/usr/bin/env bats
# ot-normalize against what the reference produced (../shared/conformance):
# every value of expected/<b>.normalized.csv, byte for byte.

load helper

compare_normalized() {
	need_shared
	ot-normalize "$CONF/upstream/$1.csv" |
	    python3 "$TOP/tests/helpers/normalized-long.py" > "$BATS_TEST_TMPDIR/$1.long"
	cmp "$BATS_TEST_TMPDIR/$1.long" "$CONF/expected/$1.normalized.csv"
}

@test "conformance: sample.csv normalizes as the reference" {
	compare_normalized sample
}

@test "conformance: test_data.csv normalizes as the reference" {
	compare_normalized test_data
}

@test "conformance: test_overlap1.csv normalizes as the reference" {
	compare_normalized test_overlap1
}

@test "conformance: test_overlap2.csv normalizes as the reference" {
	compare_normalized test_overlap2
}

@test "conformance: test_zip3_examples.csv normalizes as the reference" {
	compare_normalized test_zip3_examples
}
