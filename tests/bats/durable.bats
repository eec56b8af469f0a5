#!/usr/bin/env bats
# Outputs renamed into place are durable: the file is synced before its
# rename and its directory after it (checked in the system calls).

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'demo hashing secret, long enough' > hashing.key
	printf 'demo-encryption-key-of-32-bytes!' > enc.key
}

# durable TRACE NAME: in TRACE (strace -e fsync,rename,openat), NAME was
# renamed into place after an fsync and followed by one of its directory.
durable() {
	python3 - "$1" "$2" <<-'PY'
	import re, sys
	lines = open(sys.argv[1]).read().splitlines()
	name = sys.argv[2]
	i = next(k for k, l in enumerate(lines)
	         if re.search(r'rename\("[^"]*", "%s"\) = 0' % re.escape(name), l))
	tmp = re.search(r'rename\("([^"]*)"', lines[i]).group(1)
	assert any("fsync(" in l and "= 0" in l for l in lines[:i]), "no fsync before the rename of " + name
	after = lines[i + 1:i + 4]
	assert any("O_DIRECTORY" in l for l in after) and any("fsync(" in l for l in after), \
	    "no directory fsync after the rename of " + name + ": " + repr(after)
	PY
}

trace() {	# trace FILE command...
	local f=$1
	shift
	# LeakSanitizer cannot run under ptrace
	ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=fsync,rename,openat \
	    -o "$f" "$@"
}

@test "durable: ot's tokens and metadata, ot-meta's metadata, Parquet, packages and reports" {
	trace t1 ot -i "$TOP/sample/people.csv" -t csv -o out.csv \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	durable t1 out.csv
	durable t1 out.metadata.json
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null > norm.csv
	trace t2 ot-meta -o meta.json -k hashing.key norm.csv > /dev/null
	durable t2 meta.json
	trace t3 ot-parquet write -o out.parquet out.csv
	durable t3 out.parquet
	ot-keygen -o rx > /dev/null
	ot-keygen -o tx > /dev/null
	trace t4 ot tokenize -i "$TOP/sample/people.csv" -t csv -o pkg.zip \
	    --receiver-public-key rx/public_key.pem --sender-keypair-path tx/keypair.pem 2>/dev/null
	durable t4 pkg.zip
	ot --hash-only -i "$TOP/sample/people.csv" -t csv -o h.csv --hashing-secret-file hashing.key 2>/dev/null
	ot-match --summary sum.json h.csv h.csv > /dev/null
	trace t5 ot-report -o report.html sum.json
	durable t5 report.html
}
