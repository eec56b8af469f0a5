#!/usr/bin/env bats
# ot, the drop-in for the reference CLI, and ot-meta, against the
# reference's outputs and metadata (../shared/conformance).

load helper

setup() {
	conformance_setup
}

@test "conformance: ot --hash-only gives the reference's token file and metadata counts" {
	for b in sample test_data test_overlap1 test_overlap2 test_zip3_examples; do
		ot -i "$CONF/upstream/$b.csv" -t csv -o "$b.csv" --hash-only --hashing-secret-file hashing.key
		cmp "$b.csv" "$CONF/expected/$b.tokens.csv"
		python3 "$TOP/tests/helpers/compare-metadata.py" "$b.metadata.json" "$CONF/expected/$b.tokens.metadata.json"
	done
	cmp sample.csv "$CONF/upstream/hashed-output.csv"
}

@test "conformance: ot encrypted output decrypts to the reference's tokens; metadata as the reference's" {
	for b in sample test_data test_overlap1 test_overlap2 test_zip3_examples; do
		ot -i "$CONF/upstream/$b.csv" -t csv -o "$b.enc.csv" --hashing-secret-file hashing.key --encryption-key-file enc.key
		ot -d -i "$b.enc.csv" -t csv -o "$b.dec.csv" --encryption-key-file enc.key
		cmp "$b.dec.csv" "$CONF/expected/$b.tokens.csv"
		python3 "$TOP/tests/helpers/compare-metadata.py" "$b.enc.metadata.json" "$CONF/expected/$b.encrypted.metadata.json"
	done
	python3 "$TOP/tests/helpers/compare-metadata.py" sample.enc.metadata.json "$CONF/upstream/output.metadata.json"
}

@test "conformance: ot-meta merge of the two halves of test_overlap1 equals the whole" {
	ot-normalize "$CONF/upstream/test_overlap1.csv" > norm.csv
	head -1 norm.csv > a.csv
	head -1 norm.csv > b.csv
	tail -n +2 norm.csv | head -1000 >> a.csv
	tail -n +1002 norm.csv >> b.csv
	[ $(( $(wc -l < a.csv) + $(wc -l < b.csv) - 2 )) -eq $(( $(wc -l < norm.csv) - 1 )) ]
	ot-meta -o whole.json -k hashing.key norm.csv > /dev/null
	ot-meta -o a.json -k hashing.key a.csv > /dev/null
	ot-meta -o b.json -k hashing.key b.csv > /dev/null
	ot-meta merge -o merged.json a.json b.json
	python3 "$TOP/tests/helpers/compare-metadata.py" merged.json whole.json
	python3 "$TOP/tests/helpers/compare-metadata.py" merged.json "$CONF/expected/test_overlap1.tokens.metadata.json"
	run python3 "$TOP/tests/helpers/compare-metadata.py" a.json whole.json
	assert_failure
}
