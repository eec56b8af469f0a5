# Shared set-up of the bats suites.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

# Key files the tests write are private, as a user's must be (ot warns
# about others).
umask 077

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
OT_BIN=${OT_BIN:-$TOP/bin}
PATH=$OT_BIN:$PATH
SHARED=${OT_SHARED:-$(cd "$TOP/.." && pwd)/shared}
CONF=$SHARED/conformance

# Conformance data lives in ../shared, which a user's clone does not have.
need_shared() {
	[ -d "$CONF" ] || skip "no ../shared/conformance beside the checkout"
}

# Set-up of the conformance suites: skip without ../shared; the
# conformance README's test secrets in key files.
conformance_setup() {
	need_shared
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
}

# Print a CSV of N generated people.
gen_people() {
	awk -v n="$1" 'BEGIN {
		print "RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber"
		for (i = 1; i <= n; i++)
			printf "id-%d,Name%c%c,Family%c%c,19%02d-%02d-%02d,%s,%05d,%03d-%02d-%04d\n",
			    i, 97 + i % 26, 97 + i % 7, 97 + i % 13, 97 + i % 5,
			    20 + i % 80, 1 + i % 12, 1 + i % 28, i % 2 ? "Male" : "F",
			    10000 + i % 89999, 100 + i % 500, 10 + i % 89, 1000 + i % 8999
	}'
}

# The independent Parquet implementations (tests/node), which
# "make check" installs.
need_node() {
	[ -d "$TOP/tests/node/node_modules/@duckdb" ] &&
	    [ -d "$TOP/tests/node/node_modules/hyparquet" ] || {
		echo "tests/node has no node_modules: run make check, or scripts/install-test-deps" >&2
		return 1
	}
}

pq() {
	node "$TOP/tests/node/pq.mjs" "$@"
}
