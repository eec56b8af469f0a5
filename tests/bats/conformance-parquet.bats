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

@test "conformance parquet: ot --hash-only on sample.parquet is, byte for byte, ot -d of output.parquet" {
	ot --hash-only -t parquet -ot csv -i "$CONF/upstream/sample.parquet" -o hashed.csv \
	    --hashing-secret-file hashing.key 2>/dev/null
	ot -d -t parquet -ot csv -i "$CONF/upstream/output.parquet" -o decrypted.csv \
	    --encryption-key-file enc.key
	cmp hashed.csv decrypted.csv
	# and in Parquet: ot -d writes the rows ot --hash-only writes (each
	# file laid out in pages its own way: ot's workers page by batch)
	ot --hash-only -t parquet -i "$CONF/upstream/sample.parquet" -o hashed.parquet \
	    --hashing-secret-file hashing.key 2>/dev/null
	ot -d -t parquet -i "$CONF/upstream/output.parquet" -o decrypted.parquet \
	    --encryption-key-file enc.key
	ot-parquet cat hashed.parquet | cmp - hashed.csv
	ot-parquet cat decrypted.parquet | cmp - hashed.csv
}

@test "conformance parquet: ot -ot parquet on sample.csv, read by DuckDB and hyparquet, is hashed-output.csv" {
	need_node
	ot --hash-only -t csv -ot parquet -i "$CONF/upstream/sample.csv" -o hashed.parquet \
	    --hashing-secret-file hashing.key 2>/dev/null
	"$TOP/tests/helpers/rows.py" csv "$CONF/upstream/hashed-output.csv" > want.rows
	pq rows duckdb hashed.parquet | "$TOP/tests/helpers/rows.py" json | diff want.rows -
	pq rows hyparquet hashed.parquet | "$TOP/tests/helpers/rows.py" json | diff want.rows -
	# encrypted: decrypted by ot-decrypt straight from the Parquet file
	ot -t csv -ot parquet -i "$CONF/upstream/sample.csv" -o enc.parquet \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	pq rows duckdb enc.parquet | "$TOP/tests/helpers/rows.py" json > enc.rows
	[ "$(wc -l < enc.rows)" -eq 526 ]
	ot-decrypt -k enc.key enc.parquet | cmp - "$CONF/upstream/hashed-output.csv"
	# the metadata is the reference's for sample.csv
	python3 "$TOP/tests/helpers/compare-metadata.py" enc.metadata.json "$CONF/upstream/output.metadata.json"
}

@test "conformance parquet: key exchange with Parquet tokens: the vectors' hash-only tokens through a package" {
	K=$CONF/ecdh/keys
	ot tokenize -i "$CONF/upstream/sample.csv" -t csv -ot parquet -o out.zip \
	    --receiver-public-key "$K/receiver/public_key.pem" \
	    --sender-keypair-path "$K/sender/keypair.pem" 2>/dev/null
	ot decrypt -i out.zip -t parquet -ot csv -o dec.csv \
	    --receiver-keypair-path "$K/receiver/keypair.pem" 2>/dev/null
	cmp dec.csv "$CONF/ecdh/tokens_hashonly.csv"
	ot tokenize -i "$CONF/upstream/sample.csv" -t csv -ot parquet -o hashed.parquet --hash-only \
	    --receiver-public-key "$K/receiver/public_key.pem" \
	    --sender-keypair-path "$K/sender/keypair.pem" 2>/dev/null
	ot-parquet cat hashed.parquet | cmp - "$CONF/ecdh/tokens_hashonly.csv"
}
