#!/usr/bin/env bats
# --progress: on stderr only, off unless asked for, redrawn on a terminal,
# a summary at the end; outputs unchanged.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'demo hashing secret, long enough' > hashing.key
	printf 'demo-encryption-key-of-32-bytes!' > enc.key
	gen_people 3000 > people.csv
}

@test "progress: nothing new without the option, or with -P when stderr is not a terminal" {
	run --separate-stderr ot-normalize people.csv
	assert_success
	[ -z "$stderr" ]
	ot-normalize people.csv > plain.csv
	run --separate-stderr ot-normalize -P people.csv
	[ -z "$stderr" ]
	printf '%s\n' "$output" | cmp - plain.csv
}

@test "progress: --progress=always gives a summary line, and the same output" {
	ot-normalize people.csv > plain.csv
	for p in ot-normalize; do
		run --separate-stderr $p --progress=always people.csv
		assert_success
		printf '%s\n' "$output" | cmp - plain.csv
		[[ "${stderr_lines[-1]}" =~ ^ot-normalize:\ 3000\ records,\ [0-9]+\ records/s,\ 0\.[0-9]\ MB\ read\ in\ [0-9.]+\ s$ ]]
	done
	ot-sign plain.csv > sig.csv
	ot-hash -k hashing.key sig.csv > hashed.csv
	run --separate-stderr ot-hash --progress=always -k hashing.key sig.csv
	printf '%s\n' "$output" | cmp - hashed.csv
	[[ "${stderr_lines[-1]}" =~ ^ot-hash:\ 15000\ records, ]]
	ot-encrypt -k enc.key hashed.csv > enc.csv
	run --separate-stderr ot-decrypt -P=always -k enc.key enc.csv
	assert_failure 2	# -P takes no separate value: --progress=always
	run --separate-stderr ot-decrypt --progress=always -k enc.key enc.csv
	printf '%s\n' "$output" | cmp - hashed.csv
	[[ "${stderr_lines[-1]}" =~ ^ot-decrypt:\ 15000\ records, ]]
	run --separate-stderr ot-match --progress=always hashed.csv hashed.csv
	assert_success
	[[ "${stderr_lines[-1]}" =~ ^ot-match:\ 30000\ records, ]]
	run ot-normalize --progress=sometimes people.csv
	assert_failure 2
}

@test "progress: on a terminal, redrawn in place with percent and time left" {
	gen_people 200000 > big.csv
	ot -i big.csv -t csv -o tok2.csv --hashing-secret-file hashing.key --encryption-key-file enc.key
	# on threads ot reports itself, in the pipeline its first stage
	for mode in "ot:-j 1" "ot-normalize:--pipeline"; do
		who=${mode%%:*}
		rm -f tty.out tok.csv
		script -qec "ot --progress -i big.csv -t csv -o tok.csv --hashing-secret-file hashing.key --encryption-key-file enc.key ${mode#*:}" /dev/null > tty.out
		cmp <(cut -d, -f1,3 tok.csv) <(cut -d, -f1,3 tok2.csv)
		# redraws: carriage return and erase-line, a percent, then the summary
		grep -q $'\r\e\[K'"$who"': [0-9]* records, [0-9]* records/s, [0-9.]* MB read, [0-9]*%, [0-9]*:[0-9][0-9] left' tty.out
		grep -q $'\r\e\[K'"$who"': 200000 records, [0-9]* records/s, [0-9.]* MB read in [0-9.]* s' tty.out
	done
}
