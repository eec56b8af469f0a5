#!/usr/bin/env bats
# ot-dask on a real Dask cluster: a scheduler and two workers on
# 127.0.0.1, started and stopped by each test.

load helper

DASK=$TOP/scripts/ot-dask

setup() {
	/usr/bin/python3 -c 'import distributed' 2> /dev/null ||
	    skip "python3-distributed is not installed (scripts/install-deps installs it)"
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-for-the-dask-suite' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	gen_people 200000 > people.csv
}

teardown() {
	local p
	for p in w1 w2 sched; do
		[ -f "$BATS_TEST_TMPDIR/$p.pid" ] && kill "$(cat "$BATS_TEST_TMPDIR/$p.pid")" 2> /dev/null
	done
	sleep 0.5
	return 0
}

# A scheduler on a free port of 127.0.0.1 and two one-thread workers
# (without nannies, so that a killed worker stays dead), the environment
# of the workers as given.
start_cluster() {	# [VAR=value ...] for the workers
	local port i
	port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	SCHED=tcp://127.0.0.1:$port
	dask-scheduler --host 127.0.0.1 --port "$port" --no-dashboard > sched.log 2>&1 &
	echo $! > sched.pid
	for w in w1 w2; do
		env "$@" dask-worker "$SCHED" --name "$w" --nthreads 1 --nworkers 1 --no-nanny \
		    --no-dashboard --host 127.0.0.1 > "$w.log" 2>&1 &
		echo $! > "$w.pid"
	done
	for i in $(seq 100); do
		[ "$(grep -c 'Register worker' sched.log)" -ge 2 ] && return 0
		sleep 0.2
	done
	cat sched.log w1.log w2.log >&2
	return 1
}

# The single run ot-dask must equal, its metadata less the time.
single() {	# options...
	ot -i people.csv -t csv -o single.csv "$@" 2> /dev/null
	grep -v '"Timestamp"' single.metadata.json > single.meta
}

# Exactly the 8 partitions' token and metadata files and the merged
# metadata: nothing missing, doubled or left half-written.
eight_partitions() {
	local names
	names=$(cd out && LC_ALL=C ls -A | tr '\n' ' ')
	assert_equal "$names" "metadata.json $(for k in 1 2 3 4 5 6 7 8; do printf 'people.000%d.tokens.csv people.000%d.tokens.metadata.json ' $k $k; done)"
}

@test "dask: 200,000 records in 8 parts on two workers equal one ot run, tokens and counts" {
	start_cluster
	single --hash-only --hashing-secret-file hashing.key
	run --separate-stderr "$DASK" --scheduler "$SCHED" --parts 8 -o out --concat all.csv \
	    --hash-only --hashing-secret-file hashing.key --bin "$OT_BIN" people.csv
	assert_success
	assert_equal "$(grep -c '^ot-dask: [1-8]/8 done: people\.000[1-8] ([0-9]* records)$' <<< "$stderr")" 8
	eight_partitions
	cmp all.csv single.csv
	cmp <(grep -v '"Timestamp"' all.metadata.json) single.meta
	cmp <(grep -v '"Timestamp"' out/metadata.json) single.meta
	# the partitions, in order, are the single run's rows
	cmp <(head -1 single.csv; for k in 1 2 3 4 5 6 7 8; do tail -n +2 out/people.000$k.tokens.csv; done) single.csv
}

@test "dask: secrets from the workers' environment, never in the task graph; a directory of partitions" {
	start_cluster OT_HASHING_SECRET=Worker-Only-Hashing-Secret-0123 OT_ENCRYPTION_KEY=Secret-Encryption-Key-Goes-Here.
	mkdir in
	ot-split -n 8 -o in people.csv > /dev/null
	printf Worker-Only-Hashing-Secret-0123 > worker.key
	single --hash-only --hashing-secret-file worker.key
	# the driver has no secret at all
	run --separate-stderr env -u OT_HASHING_SECRET -u OT_ENCRYPTION_KEY "$DASK" --scheduler "$SCHED" \
	    -o out --concat all.csv --hash-only --bin "$OT_BIN" in
	assert_success
	eight_partitions
	cmp all.csv single.csv
	cmp <(grep -v '"Timestamp"' all.metadata.json) single.meta
	run grep -q Worker-Only sched.log w1.log w2.log
	assert_failure 1
	# encrypted: the tokens decrypt to the hash-only ones
	rm -r out
	env -u OT_HASHING_SECRET -u OT_ENCRYPTION_KEY "$DASK" --scheduler "$SCHED" -q \
	    -o out --concat enc.csv --bin "$OT_BIN" in
	ot -d -i enc.csv -t csv -o dec.csv --encryption-key-file enc.key
	cmp dec.csv single.csv
}

@test "dask: a worker killed while tasks run; the job still finishes, every partition once" {
	start_cluster
	single --hash-only --hashing-secret-file hashing.key
	# ot slowed down, so that tasks are running when the worker dies
	mkdir slow
	printf '#!/bin/sh\nsleep 1\nexec "%s/ot" "$@"\n' "$OT_BIN" > slow/ot
	chmod +x slow/ot
	ln -s "$OT_BIN/ot-split" "$OT_BIN/ot-meta" slow/
	"$DASK" --scheduler "$SCHED" --parts 8 -o out --concat all.csv --hash-only \
	    --hashing-secret-file hashing.key --bin slow people.csv 2> driver.err &
	driver=$!
	for i in $(seq 150); do
		grep -q ' 1/8 done' driver.err && break
		sleep 0.1
	done
	kill -9 "$(cat w1.pid)"
	# the tasks were not all done when it died
	[ "$(grep -c ' done: ' driver.err)" -lt 8 ]
	st=0
	wait "$driver" || st=$?
	assert_equal "$st" 0
	grep -q ' 8/8 done' driver.err
	eight_partitions
	cmp all.csv single.csv
	cmp <(grep -v '"Timestamp"' all.metadata.json) single.meta
	sleep 1
	# no ot of the dead worker's left running, nor its temporary files
	run pgrep -f "$BATS_TEST_TMPDIR/slow/ot"
	assert_failure 1
	eight_partitions
}

@test "dask: a bad partition fails the job, named, with exit 1; usage errors exit 2" {
	start_cluster
	mkdir in
	head -1000 people.csv > in/a.csv
	printf 'RecordId,FirstName\nr1,"open\n' > in/b.csv
	run --separate-stderr "$DASK" --scheduler "$SCHED" -o out --hash-only \
	    --hashing-secret-file hashing.key --bin "$OT_BIN" --retries 0 in
	assert_failure 1
	[[ "$stderr" == *"ot-dask: b: ot failed (exit 1): ot: "*"/in/b.csv:2: quoted field not closed at end of input"* ]]
	[ ! -e out/metadata.json ]
	run "$DASK" -o out people.csv --parts 0
	assert_failure 2
	run "$DASK" people.csv
	assert_failure 2
}

@test "dask: Parquet partitions give Parquet token files, and --concat joins them as Parquet, not as text" {
	start_cluster
	head -20001 people.csv > p.csv
	mkdir parts in
	ot-split -n 4 -o parts p.csv > /dev/null
	for f in parts/*.csv; do
		ot-parquet write -o "in/$(basename "$f" .csv).parquet" "$f"
	done
	ot -i p.csv -t csv -ot parquet -o single.parquet --hash-only --hashing-secret-file hashing.key 2> /dev/null
	ot-parquet cat single.parquet > single.rows
	run --separate-stderr "$DASK" --scheduler "$SCHED" -t parquet -o out --concat all.parquet \
	    --hash-only --hashing-secret-file hashing.key --bin "$OT_BIN" in
	assert_success
	# one Parquet file of every partition's rows, in order
	ot-parquet cat all.parquet | cmp - single.rows
	# each task wrote Parquet, named so
	assert_equal "$(ls out/*.tokens.parquet | wc -l)" 4
	cmp <(grep -v '"Timestamp"' all.metadata.json) <(grep -v '"Timestamp"' single.metadata.json)
	# -ot csv: CSV token files, joined as CSV
	run --separate-stderr "$DASK" --scheduler "$SCHED" -q -t parquet -ot csv -o out-csv \
	    --concat all.csv --hash-only --hashing-secret-file hashing.key --bin "$OT_BIN" in
	assert_success
	assert_equal "$(ls out-csv/*.tokens.csv | wc -l)" 4
	cmp all.csv single.rows
}
