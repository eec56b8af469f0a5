#!/usr/bin/env bats
# Parquet files of the reference project: pyarrow's sample.parquet and
# the Java CLI's output.parquet (parquet-mr), read in place.

load helper

setup() {
	conformance_setup
}

@test "conformance parquet: the hash-only tokens of sample.parquet are what output.parquet decrypts to" {
	ot-parquet cat "$CONF/upstream/sample.parquet" > people.csv
	assert_equal "$(head -1 people.csv)" "recordid,birthdate,firstname,lastname,postalcode,sex,socialsecuritynumber"
	[ "$(wc -l < people.csv)" -eq 106 ]
	ot-normalize people.csv 2>/dev/null | ot-sign | ot-hash -k hashing.key 2>/dev/null > hashed.csv
	ot-parquet cat "$CONF/upstream/output.parquet" > enc.csv
	[ "$(wc -l < enc.csv)" -eq 526 ]
	ot-decrypt -k enc.key enc.csv | cmp - hashed.csv
	# sample.parquet is not sample.csv: one row's postal code differs
	[ "$(diff hashed.csv "$CONF/upstream/hashed-output.csv" | grep -c '^<')" -eq 1 ]
}
