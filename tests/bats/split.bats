#!/usr/bin/env bats
# ot-split: record-aligned parts of a CSV file, found by the CSV reader.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-for-the-split-suite' > hashing.key
}

@test "split: the ranges cover the file, each part ends where a record ends, a header before each" {
	python3 "$TOP/tests/helpers/messy.py" gen 11 4000 > in.csv
	run --separate-stderr ot-split -n 5 in.csv
	assert_success
	assert_equal "${lines[0]}" "Part,HeaderEnd,Start,End"
	assert_equal "${#lines[@]}" 6
	# contiguous from the header's end to the file's
	awk -F, -v size="$(stat -c %s in.csv)" 'NR == 1 { next }
	    NR == 2 { if ($3 != $2) exit 1 }
	    NR > 2 { if ($3 != end) exit 1 }
	    { end = $4; if ($1 != NR - 1) exit 1 }
	    END { if (end != size) exit 1 }' <<< "$output"
	# each part, header first, is tokenized as the whole file's share
	ot -i in.csv -t csv -o whole.csv --hash-only --hashing-secret-file hashing.key -j 1 2> /dev/null
	tail -n +2 <<< "$output" | while IFS=, read -r k h s e; do
		{ head -c "$h" in.csv; tail -c +"$((s + 1))" in.csv | head -c "$((e - s))"; } > part$k.csv
	done
	for k in 1 2 3 4 5; do
		ot -i part$k.csv -t csv -o tok$k.csv --hash-only --hashing-secret-file hashing.key -j 1 2> /dev/null
	done
	uuid='s/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/UUID/'
	cmp <(sed -E "$uuid" whole.csv) <({ head -1 whole.csv; for k in 1 2 3 4 5; do tail -n +2 tok$k.csv; done; } | sed -E "$uuid")
	cmp <(ot-meta merge tok[1-5].metadata.json | grep -v Timestamp) <(grep -v Timestamp whole.metadata.json)
}

@test "split: a quoted line break is never a boundary; -o writes the parts and names them" {
	# every record spans three lines
	awk 'BEGIN { print "RecordId,FirstName"; for (i = 1; i <= 3000; i++) printf "\"id\n%d\n\",Ann\n", i }' > q.csv
	mkdir parts
	run --separate-stderr ot-split -n 7 -o parts q.csv
	assert_success
	assert_equal "$output" "$(for k in 1 2 3 4 5 6 7; do echo "parts/q.000$k.csv"; done)"
	for k in 1 2 3 4 5 6 7; do
		head -1 parts/q.000$k.csv | grep -qx 'RecordId,FirstName'
		# the part's second line opens a record
		sed -n 2p parts/q.000$k.csv | grep -qx '"id'
	done
	cmp <(cat parts/*.csv | grep -vx 'RecordId,FirstName') <(tail -n +2 q.csv)
}

@test "split: fewer records than parts, a header alone, and bad input" {
	printf 'RecordId,FirstName\nr1,Ann\nr2,Bob\n' > two.csv
	run ot-split -n 8 two.csv
	assert_success
	assert_equal "${#lines[@]}" 3
	printf 'RecordId,FirstName\n' > header.csv
	run ot-split -n 8 header.csv
	assert_output "Part,HeaderEnd,Start,End"
	printf 'RecordId,FirstName\nr1,"open\n' > bad.csv
	run --separate-stderr ot-split bad.csv
	assert_failure 1
	assert_equal "$stderr" "ot-split: bad.csv:2: quoted field not closed at end of input"
	run --separate-stderr ot-split -n 2 - < two.csv
	assert_failure 2
	run --separate-stderr ot-split -n 0 two.csv
	assert_failure 2
	assert_equal "$stderr" "ot-split: -n 0: not a number of parts from 1 to 1000000"
	ot-parquet write -o two.parquet two.csv
	run --separate-stderr ot-split two.parquet
	assert_failure 1
	assert_equal "$stderr" "ot-split: two.parquet: a Parquet file: split CSV text only"
	mkfifo fifo
	run --separate-stderr ot-split fifo
	assert_failure 1
	assert_equal "$stderr" "ot-split: fifo: not a regular file (its size sets the parts)"
}
