#!/usr/bin/env bats
# examples/Makefile: partitions tokenized under make -j, only the
# out-of-date ones again, the metadata merged, a package built.

load helper

setup() {
	# not the flags of the make that runs the tests (-s hides recipes)
	unset MAKEFLAGS MFLAGS MAKELEVEL
	cd "$BATS_TEST_TMPDIR"
	cp "$TOP/examples/Makefile" .
	printf 'HashingKey-for-the-make-suite' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	mkdir in
	gen_people 3000 > all.csv
	{ head -1 all.csv; sed -n 2,1001p all.csv; } > in/a.csv
	{ head -1 all.csv; sed -n 1002,2001p all.csv; } > in/b.csv
	{ head -1 all.csv; sed -n 2002,3001p all.csv; } > in/c.csv
	MAKEVARS="OT=$OT_BIN/ot OT_META=$OT_BIN/ot-meta OT_PACKAGE=$OT_BIN/ot-package"
}

# Modification times of the token files, a line each.
stamps() {
	stat -c '%n %.9Y' out/a.tokens.csv out/b.tokens.csv out/c.tokens.csv
}

@test "examples: make -j tokenizes every partition, merges the metadata, and redoes only what is out of date" {
	run make -j3 $MAKEVARS
	assert_success
	# no secret on any command line make ran
	[[ "$output" != *HashingKey* && "$output" != *Secret-Encryption* ]]
	[[ "$output" == *"--hashing-secret-file hashing.key"* ]]
	ot -i all.csv -t csv -o whole.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	for p in a b c; do
		ot -d -i out/$p.tokens.csv -t csv -o $p.dec.csv --encryption-key-file enc.key
	done
	cmp <(head -1 whole.csv; tail -q -n +2 a.dec.csv b.dec.csv c.dec.csv) whole.csv
	cmp <(grep -v Timestamp out/metadata.json | grep -v EncryptionSecretHash) \
	    <(grep -v Timestamp whole.metadata.json)
	# nothing to do the second time
	before=$(stamps)
	run make -j3 $MAKEVARS
	assert_success
	assert_output "make: Nothing to be done for 'all'."
	assert_equal "$(stamps)" "$before"
	# one input newer than its tokens: only it is tokenized again
	sleep 1.1
	touch in/b.csv
	run make -j3 $MAKEVARS
	assert_success
	after=$(stamps)
	assert_equal "$(sed -n 1p <<< "$after")" "$(sed -n 1p <<< "$before")"
	[ "$(sed -n 2p <<< "$after")" != "$(sed -n 2p <<< "$before")" ]
	assert_equal "$(sed -n 3p <<< "$after")" "$(sed -n 3p <<< "$before")"
	[ "$(grep -c ' -i in/' <<< "$output")" -eq 1 ]
	[ out/metadata.json -nt out/a.tokens.csv ]
}

@test "examples: a bad partition fails make, leaves no target, and the others stand" {
	printf 'RecordId,FirstName\nr1,"open\n' > in/d.csv
	run make -k -j3 $MAKEVARS
	assert_failure
	[[ "$output" == *"ot: in/d.csv:2: quoted field not closed at end of input"* ]]
	[ ! -e out/d.tokens.csv ]
	[ ! -e out/d.tokens.metadata.json ]
	[ ! -e out/metadata.json ]
	[ -s out/a.tokens.csv ] && [ -s out/c.tokens.csv ]
	[ -z "$(ls out | grep -v -e '^[abc]\.tokens\.csv$' -e '^[abc]\.tokens\.metadata\.json$' -e '^mode$')" ]
}

@test "examples: with key exchange, the partitions become one package the partner decrypts" {
	ot-keygen -o rx > /dev/null 2>&1
	ot-keygen -o tx > /dev/null 2>&1
	run make -j3 $MAKEVARS package RECEIVER_PUBLIC_KEY=rx/public_key.pem SENDER_KEYPAIR=tx/keypair.pem
	assert_success
	[ -s out/package.zip ]
	ot decrypt -i out/package.zip -t csv -o dec.csv --receiver-keypair-path rx/keypair.pem 2> /dev/null
	ot tokenize -i all.csv -t csv -o whole.csv --hash-only --receiver-public-key rx/public_key.pem \
	    --sender-keypair-path tx/keypair.pem 2> /dev/null
	cmp dec.csv whole.csv
	# without the partner's key, no package
	rm out/package.zip
	run make $MAKEVARS package
	assert_failure
	[[ "$output" == *"package: set RECEIVER_PUBLIC_KEY and SENDER_KEYPAIR (key exchange)"* ]]
	[ ! -e out/package.zip ]
}

@test "examples: a stage that fails under -o leaves its target as it was, and no temporary file" {
	printf 'RecordId,FirstName\nr1,Ann\nr2,"open\n' > bad.csv
	printf 'keep me\n' > target.csv
	# each stage fed what makes it fail part-way, after some output
	run ot-normalize -o target.csv bad.csv
	assert_failure 1
	ot-normalize in/a.csv > norm.csv
	{ cat norm.csv; printf 'r9,"open\n'; } > badnorm.csv
	run ot-sign -o target.csv badnorm.csv
	assert_failure 1
	ot-sign norm.csv | ot-hash -k hashing.key > tok.csv
	{ cat tok.csv; printf 'T1,"open\n'; } > badtok.csv
	run ot-hash -k hashing.key -o target.csv badtok.csv
	assert_failure 1
	run ot-encrypt -k enc.key -o target.csv badtok.csv
	assert_failure 1
	run ot-decrypt -k enc.key -o target.csv badtok.csv
	assert_failure 1
	run ot-parquet cat -o target.csv bad.csv
	assert_failure 1
	assert_equal "$(cat target.csv)" "keep me"
	[ -z "$(ls | grep '^target\.csv\.')" ]
	# and one that succeeds replaces it whole
	run ot-normalize -o target.csv in/a.csv
	assert_success
	cmp target.csv norm.csv
	[ -z "$(ls | grep '^target\.csv\.')" ]
}
