#!/usr/bin/env bats
# ot: the reference CLI's options over the ot-* pipeline.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey\n' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.\n' > enc.key
	cp "$TOP/sample/people.csv" people.csv
}

mask_uuid() {
	sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/UUID/'
}

@test "ot --help lists the options; -V prints the version" {
	run ot --help
	assert_success
	for o in -i -t -o -ot --hash-only -d --hashing-secret-file --encryption-key-file '-h secret' '-e key'; do
		assert_output --partial -- "$o"
	done
	run ot -V
	assert_output --regexp '^ot \(ot\) '
}

@test "ot --hash-only writes the same tokens as the pipe, and metadata beside them" {
	run --separate-stderr ot -i people.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key
	assert_success
	mask_uuid < out.csv | diff - "$TOP/tests/golden/people.tokens.csv"
	[ -f out.metadata.json ]
	grep -q '"TotalRows": 15,' out.metadata.json
	grep -q '"HashingSecretHash"' out.metadata.json
	run grep -q '"EncryptionSecretHash"' out.metadata.json
	assert_failure 1
}

@test "ot encrypts by default; ot -d decrypts; the key may come from the environment" {
	ot -i people.csv -t csv -o hashed.csv --hash-only --hashing-secret-file hashing.key 2>/dev/null
	OT_HASHING_SECRET=HashingKey OT_ENCRYPTION_KEY=Secret-Encryption-Key-Goes-Here. \
	    ot -i people.csv -t csv -o enc.csv 2>/dev/null
	grep -q '"EncryptionSecretHash": "' enc.metadata.json
	ot -d -i enc.csv -t csv -o dec.csv --encryption-key-file enc.key
	# record ids without a value are random, so compare all but those
	diff <(mask_uuid < dec.csv) <(mask_uuid < hashed.csv)
	[ ! -e dec.metadata.json ]
}

@test "ot puts the metadata where the reference does" {
	mkdir -p a.dir
	ot -i people.csv -t csv -o a.dir/tokens --hash-only --hashing-secret-file hashing.key 2>/dev/null
	[ -f a.metadata.json ]
	ot -i people.csv -t csv -o a.dir/t.v1.csv --hash-only --hashing-secret-file hashing.key 2>/dev/null
	[ -f a.dir/t.v1.metadata.json ]
	ot -i people.csv -t csv -o .hidden --hash-only --hashing-secret-file hashing.key 2>/dev/null
	[ -f .hidden.metadata.json ]
}

@test "ot -h and -e work, with a warning, and are blanked from the process's arguments" {
	run --separate-stderr ot -i people.csv -t csv -o out.csv -h HashingKey -e Secret-Encryption-Key-Goes-Here.
	assert_success
	[[ "$stderr" == *"ot: warning: -h puts the hashing secret where other users can see it; use --hashing-secret-file or the environment"* ]]
	[[ "$stderr" == *"ot: warning: -e puts the encryption key where other users can see it"* ]]
	[[ "$stderr" != *HashingKey* ]]
	ot -d -i out.csv -t csv -o dec.csv --encryption-key-file enc.key
}

@test "ot: missing options, other types and missing secrets are usage errors (exit 2)" {
	run --separate-stderr ot -i people.csv -t csv
	assert_failure 2
	run --separate-stderr ot -i people.csv -t orc -o out.csv --hash-only --hashing-secret-file hashing.key
	assert_failure 2
	assert_equal "$stderr" "ot: -t orc: not a type (csv or parquet)"
	run --separate-stderr ot -i people.csv -t csv -ot json -o out.csv --hash-only --hashing-secret-file hashing.key
	assert_failure 2
	assert_equal "$stderr" "ot: -ot json: not a type (csv or parquet)"
	run --separate-stderr env -u OT_HASHING_SECRET ot -i people.csv -t csv -o out.csv --hash-only
	assert_failure 2
	assert_equal "$stderr" "ot: no hashing secret: give --hashing-secret-file FILE or set OT_HASHING_SECRET"
	run --separate-stderr env -u OT_ENCRYPTION_KEY ot -i people.csv -t csv -o out.csv --hashing-secret-file hashing.key
	assert_failure 2
	# ot's own option, not a stage's -k
	assert_equal "$stderr" "ot: no encryption key: give --encryption-key-file FILE or set OT_ENCRYPTION_KEY"
	printf 'short' > short.key
	run --separate-stderr ot -i people.csv -t csv -o out.csv --hashing-secret-file hashing.key --encryption-key-file short.key
	assert_failure 2
	assert_equal "$stderr" "ot: the encryption key must be 32 bytes, not 5"
	[ ! -e out.csv ]
}

@test "ot: a failing stage fails the run and leaves no output or metadata" {
	printf 'RecordId,FirstName\nr1,Ann\nr2,"Bea\n' > bad.csv
	# on threads the message is ot's, in the pipeline its stage's
	for mode in "ot:-j 2" "ot:-j 1" "ot-normalize:--pipeline"; do
		run --separate-stderr ot -i bad.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key ${mode#*:}
		assert_failure 1
		[[ "$stderr" == *"${mode%%:*}: bad.csv:3: quoted field not closed at end of input"* ]]
		[ ! -e out.csv ]
		[ ! -e out.metadata.json ]
		[ -z "$(ls | grep '^out\.')" ]
	done
	run --separate-stderr ot -i nosuch.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key
	assert_failure 1
	printf 'Another-Encryption-Key-32-bytes.' > wrong.key
	ot -i people.csv -t csv -o enc.csv --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	run --separate-stderr ot -d -i enc.csv -t csv -o dec.csv --encryption-key-file wrong.key
	assert_failure 1
	[ ! -e dec.csv ]
}

@test "ot: an empty input gives an empty token file and zero counts, as the reference" {
	: > empty.csv
	ot -i empty.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key
	[ -f out.csv ] && [ ! -s out.csv ]
	grep -q '"TotalRows": 0,' out.metadata.json
}

@test "secrets never appear in the command lines of ot's stages" {
	mkfifo gate
	ot -i gate -t csv -o out.csv --hashing-secret-file hashing.key --encryption-key-file enc.key --pipeline 2>/dev/null &
	pid=$!
	sleep 0.5
	ps -eo args > ps.txt
	printf 'RecordId,FirstName,LastName,BirthDate,Sex\nr1,Ann,Lee,1980-01-01,F\n' > gate
	wait "$pid"
	grep -q 'ot-hash --raw-key-files -k /dev/fd/3' ps.txt
	run grep -q -e HashingKey -e Secret-Encryption ps.txt
	assert_failure 1
}

@test "ot stopped by a signal stops its stages and leaves no files" {
	for mode in --pipeline "-j 1" "-j 2"; do
		mkfifo gate
		ot -i gate -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode &
		pid=$!
		sleep 0.5
		kill -TERM "$pid"
		st=0
		wait "$pid" || st=$?
		assert_equal "$mode $st" "$mode 143"
		sleep 0.2
		[ -z "$(ls | grep '^out')" ]
		run pgrep -f 'ot-normalize gate'
		assert_failure 1
		rm gate
	done
}

@test "ot stopped by a signal in the middle of its input leaves no files" {
	for mode in --pipeline "-j 1" "-j 2"; do
		mkfifo gate
		ot -i gate -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode &
		pid=$!
		# records in, the writer still open: ot is reading, not starting
		exec 7> gate
		cat people.csv people.csv people.csv >&7
		sleep 0.5
		kill -TERM "$pid"
		st=0
		wait "$pid" || st=$?
		exec 7>&-
		assert_equal "$mode $st" "$mode 143"
		[ -z "$(ls | grep '^out')" ]
		rm gate
	done
}

@test "no program truncates its own input with -o" {
	printf 'RecordId,FirstName\nr1,Ann\n' > in.csv
	run --separate-stderr ot-normalize -o in.csv in.csv
	assert_failure 2
	assert_equal "$stderr" "ot-normalize: in.csv: the output file is also an input"
	assert_equal "$(cat in.csv)" "$(printf 'RecordId,FirstName\nr1,Ann')"
}
