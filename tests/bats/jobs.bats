#!/usr/bin/env bats
# ot -j N: the pipeline on threads of one process, against the ot-*
# stages joined by pipes (--pipeline), which every other suite checks
# against the reference.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-for-the-jobs-suite' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
}

# N messy records: quoted fields with line breaks, commas and quotes,
# CRLF and LF line ends, short rows, empty and missing ids, accents,
# invalid values of every attribute, and the bundled sample's people.
messy() {
	awk -v n="$1" 'BEGIN {
		srand(7)
		split("Ann|Dr. Bruno|Chloé|\"Dee, Jr\"|\"line\nbreak\"|ZOË|  Ed  |Test|Ña|\"q\"\"uote\"", fn, "|")
		split("Smith|Castellanos Jr.|\"O\x27Brien\"|Müller|\"two\r\nlines\"|Unknown|De La Cruz|X|Nguyen|\"\"", ln, "|")
		split("1984-03-12|07/04/1975|1900-01-01|2999-01-01|19840312|1984-03-12T10:00:00Z|bad|12/31/1999|1975-02-30|\"\"", bd, "|")
		split("Male|F|female|m|X|Unknown||U|MALE|f", sx, "|")
		split("30301|60614-2201|H2X 1Y4|9800|00000|K1A 0B1|\"M5V 3L9\"|12345|ABCDE|021", zp, "|")
		split("231-44-9012|412 55 8830|000-12-3456|666-12-3456|123456789|111-11-1111|5-12-3456|900-12-3456|078-05-1120|\"\"", ss, "|")
		print "RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber"
		for (i = 1; i <= n; i++) {
			r = int(rand() * 20)
			id = r == 0 ? "" : r == 1 ? "\"id,\n" i "\"" : "id-" i
			line = id "," fn[1 + int(rand() * 10)] "," ln[1 + int(rand() * 10)] "," \
			    bd[1 + int(rand() * 10)] "," sx[1 + int(rand() * 10)]
			if (r != 2)
				line = line "," zp[1 + int(rand() * 10)] "," ss[1 + int(rand() * 10)]
			printf "%s%s", line, r == 3 ? "\r\n" : "\n"
		}
	}'
}

# The token file and metadata (less its time) of ot with these options.
tokenize() {	# out options...
	local out=$1
	shift
	ot -i in.csv -t csv -o "$out.csv" --hashing-secret-file hashing.key "$@" 2> "$out.err"
	grep -v '"Timestamp"' "$out.metadata.json" > "$out.meta"
}

# Records whose id was missing get random UUIDs: those rows compare
# without their id.
same_tokens() {	# a.csv b.csv
	cmp <(sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/UUID/' "$1") \
	    <(sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/UUID/' "$2")
}

@test "jobs: -j 1, 2 and 3 write the pipeline's hash-only tokens byte for byte, and its metadata" {
	messy 20000 > in.csv
	tail -n +2 "$TOP/sample/people.csv" | cut -d, -f1-7 >> in.csv
	tokenize pipe --hash-only --pipeline
	[ "$(wc -l < pipe.csv)" -gt 100000 ]
	for j in 1 2 3; do
		tokenize j$j --hash-only -j $j
		same_tokens pipe.csv j$j.csv
		cmp pipe.meta j$j.meta
	done
	# ids that were present come out in input order
	cmp <(grep -o ',id-[0-9]*$' pipe.csv | uniq) <(grep -o ',id-[0-9]*$' j3.csv | uniq)
}

@test "jobs: without UUIDs to differ, -j N and the pipeline are the same bytes" {
	gen_people 30000 > in.csv
	tokenize pipe --hash-only --pipeline
	for j in 1 2 4; do
		tokenize j$j --hash-only -j $j
		cmp pipe.csv j$j.csv
		cmp pipe.meta j$j.meta
	done
}

@test "jobs: encrypted on threads, the tokens decrypt to the hash-only ones, with the pipeline's metadata" {
	messy 5000 > in.csv
	tokenize hashed --hash-only -j 1
	tokenize enc --encryption-key-file enc.key -j 2
	tokenize pipe --encryption-key-file enc.key --pipeline
	ot -d -i enc.csv -t csv -o dec.csv --encryption-key-file enc.key
	same_tokens hashed.csv dec.csv
	cmp enc.meta pipe.meta
	grep -q '"EncryptionSecretHash"' enc.meta
	# every token but the blanks is encrypted, each under its own IV
	[ "$(grep '^T[1-5],' enc.csv | cut -d, -f2 | sort | uniq -d | grep -vc '^0\{64\}$')" -eq 0 ]
}

@test "jobs: a Parquet input, and Parquet output, give what the pipeline gives" {
	gen_people 3000 > in.csv
	ot-parquet write -o in.parquet in.csv
	tokenize pipe --hash-only --pipeline
	ot -i in.parquet -t parquet -ot csv -o pq.csv --hashing-secret-file hashing.key --hash-only -j 2
	cmp pipe.csv pq.csv
	# Parquet out: the pipeline's rows; the same file for any -j (the
	# workers make its pages, a batch of records each)
	ot -i in.csv -t csv -ot parquet -o out.parquet --hashing-secret-file hashing.key --hash-only -j 2
	ot -i in.csv -t csv -ot parquet -o j1.parquet --hashing-secret-file hashing.key --hash-only -j 1
	ot -i in.csv -t csv -ot parquet -o pipe.parquet --hashing-secret-file hashing.key --hash-only --pipeline
	cmp out.parquet j1.parquet
	ot-parquet cat out.parquet | cmp - pipe.csv
	ot-parquet cat pipe.parquet | cmp - pipe.csv
	# and an empty stream's file has the token columns
	printf 'RecordId,FirstName\n' > in.csv
	ot -i in.csv -t csv -ot parquet -o empty.parquet --hashing-secret-file hashing.key --hash-only -j 2
	ot -i in.csv -t csv -ot parquet -o empty-pipe.parquet --hashing-secret-file hashing.key --hash-only --pipeline
	cmp empty.parquet empty-pipe.parquet
}

@test "jobs: an empty input and a header alone give what the pipeline gives" {
	for input in "" "RecordId,FirstName\n"; do
		printf "$input" > in.csv
		tokenize pipe --hash-only --pipeline
		tokenize j2 --hash-only -j 2
		cmp pipe.csv j2.csv
		[ ! -s j2.csv ]
		cmp pipe.meta j2.meta
	done
}

@test "jobs: bad -j values and -j with --pipeline are usage errors" {
	gen_people 10 > in.csv
	for j in 0 -1 x 2x 257; do
		run --separate-stderr ot -i in.csv -t csv -o out.csv --hashing-secret-file hashing.key --hash-only -j "$j"
		assert_failure 2
		assert_equal "$stderr" "ot: -j $j: not a number of jobs from 1 to 256"
	done
	run --separate-stderr ot -i in.csv -t csv -o out.csv --hashing-secret-file hashing.key --hash-only -j 2 --pipeline
	assert_failure 2
	[[ "$stderr" == "ot: -j runs ot's pipeline on threads, --pipeline as the ot-* programs: give one" ]]
	[ ! -e out.csv ]
}

@test "jobs: a full disk is an error, and a bad record stops the run with no output" {
	gen_people 50000 > in.csv
	run --separate-stderr ot -i in.csv -t csv -o /dev/full --hashing-secret-file hashing.key --hash-only -j 2
	assert_failure 1
	[[ "$stderr" == *"ot: write error on /dev/full: No space left on device"* ]]
	printf 'id-x,"unclosed\n' >> in.csv
	run --separate-stderr ot -i in.csv -t csv -o out.csv --hashing-secret-file hashing.key --hash-only -j 2
	assert_failure 1
	[[ "$stderr" == *"ot: in.csv:50002: quoted field not closed at end of input"* ]]
	[ -z "$(ls | grep '^out')" ]
}

@test "jobs: key exchange on threads writes the pipeline's package contents" {
	gen_people 2000 > in.csv
	ot-keygen -o rx > /dev/null 2>&1
	ot-keygen -o tx > /dev/null 2>&1
	for m in "-j 2" --pipeline; do
		ot tokenize -i in.csv -t csv -o "h$m.csv" --hash-only --sender-keypair-path tx/keypair.pem \
		    --receiver-public-key rx/public_key.pem $m 2>/dev/null
		grep -v '"Timestamp"' "h$m.metadata.json" > "h$m.meta"
	done
	cmp "h-j 2.csv" h--pipeline.csv
	cmp "h-j 2.meta" h--pipeline.meta
	grep -q '"ReceiverPublicKeyHash"' h--pipeline.meta
	ot tokenize -i in.csv -t csv -o pkg.zip --sender-keypair-path tx/keypair.pem \
	    --receiver-public-key rx/public_key.pem -j 2 2>/dev/null
	ot decrypt -i pkg.zip -t csv -o dec.csv --receiver-keypair-path rx/keypair.pem 2>/dev/null
	cmp dec.csv h--pipeline.csv
}

@test "jobs: on 10 seeded messy inputs (long fields, blank lines, odd rows) -j 2 writes the pipeline's tokens" {
	local seed
	for seed in $(seq 61 70); do
		python3 "$TOP/tests/helpers/messy.py" gen "$seed" 3000 > in.csv
		tokenize pipe --hash-only --pipeline
		tokenize j2 --hash-only -j 2
		same_tokens pipe.csv j2.csv
		cmp pipe.meta j2.meta
	done
}
