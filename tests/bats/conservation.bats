#!/usr/bin/env bats
# Row conservation: on random messy inputs (seeded, so reproducible),
# every record yields exactly five token rows in input order, or an error
# names the record that stopped the run and everything before it is there.

load helper

MESSY=
setup() {
	cd "$BATS_TEST_TMPDIR"
	MESSY="python3 $TOP/tests/helpers/messy.py"
	printf 'HashingKey-for-the-tests' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
}

@test "conservation: 20 messy inputs through the whole pipeline" {
	local seed
	for seed in $(seq 1 20); do
		$MESSY gen "$seed" 300 > in.csv
		ot-normalize in.csv 2>/dev/null | ot-meta -o m.json -k hashing.key |
		    ot-sign | ot-hash -k hashing.key | ot-encrypt -k enc.key > enc.csv
		ot-decrypt -k enc.key enc.csv > tok.csv
		run $MESSY check in.csv tok.csv
		assert_success
		assert_output "300 records, 1500 token rows"
		grep -q '"TotalRows": 300,' m.json
	done
}

@test "conservation: 10 messy inputs through ot" {
	local seed
	for seed in $(seq 21 30); do
		$MESSY gen "$seed" 200 > in.csv
		ot -i in.csv -t csv -o tok.csv --hash-only --hashing-secret-file hashing.key 2>/dev/null
		run $MESSY check in.csv tok.csv
		assert_success
		assert_output "200 records, 1000 token rows"
	done
}

@test "conservation: a bad record stops the pipeline, named, after every record before it" {
	local seed line
	for seed in $(seq 31 40); do
		$MESSY gen "$seed" 200 bad > in.csv 2> line.txt
		line=$(cat line.txt)
		run bash -c 'ot-normalize in.csv 2> err.txt | ot-sign | ot-hash -k hashing.key > tok.csv; echo "${PIPESTATUS[*]}"'
		assert_output "1 0 0"
		assert_equal "$(tail -1 err.txt)" "ot-normalize: in.csv:$line: invalid UTF-8 in field 2"
		run $MESSY check in.csv tok.csv 100
		assert_success
		assert_output "100 records, 500 token rows"
		# ot names itself on threads, its stage in the pipeline
		for mode in "ot:-j 2" "ot-normalize:--pipeline"; do
			run --separate-stderr ot -i in.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key ${mode#*:}
			assert_failure 1
			[[ "$stderr" == *"${mode%%:*}: in.csv:$line: invalid UTF-8 in field 2"* ]]
			[ ! -e out.csv ]
		done
	done
}
