#!/usr/bin/env bats
# What V1 tokens say beyond the token: the hash and MAC algorithms (checked
# against Python's hashlib and hmac), expiry, key rings, the issuer, T8
# vectors; and V1 on ot's threads, OpenLinkToken's olt.V1. prefix.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'demo hashing secret, long enough' > hashing.key
	printf 'demo-encryption-key-of-32-bytes!' > enc.key
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null | ot-sign > sigs.csv
	ot-hash -k hashing.key sigs.csv > hashed.csv
	J=$TOP/tests/helpers/jose.py
	n=$(($(wc -l < hashed.csv) - 1))
}

rsa_keys() {	# an RSA key pair of $1 bits, in dir $2
	mkdir -p "$2"
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$1" -out "$2/keypair.pem" 2>/dev/null
	openssl pkey -in "$2/keypair.pem" -pubout -out "$2/public_key.pem"
}

HASHES="SHA-256 SHA-384 SHA-512 SHA3-256 SHA3-384 SHA3-512"
MACS="HS256 HS384 HS512 HS3-256 HS3-384 HS3-512"

@test "v1 algorithms: every hash and MAC pair, ot's tokens equal hashlib/hmac's, both ways through jwcrypto" {
	ot-keygen -c P-256 -o rx > /dev/null
	for h in $HASHES; do
		for m in $MACS; do
			# the hash-only tokens: ot-hash's equal Python's
			"$J" hash $h $m hashing.key < sigs.csv > want.csv
			ot-hash --hash-alg $h --mac-alg $m -k hashing.key sigs.csv > got.csv
			cmp got.csv want.csv
			# ot's V1 tokens opened by jwcrypto give them back, and
			# the payload names the algorithms
			ot-encrypt --format v1 --alg A256GCMKW --hash-alg $h --mac-alg $m \
			    --ring-id r -k enc.key want.csv > v1.csv
			"$J" open enc.key < v1.csv | cmp - want.csv
			"$J" payload enc.key < v1.csv | grep -c "\"hash_alg\": \"$h\", \"iat\": [0-9]*, \"iss\": \"truveta.opentoken\", \"mac_alg\": \"$m\"" |
			    grep -qx "$n"
			# jwcrypto's opened by ot
			"$J" seal ECDH-ES rx/public_key.pem r hash_alg=$h mac_alg=$m < want.csv > j.csv
			ot-decrypt --private-key rx/keypair.pem j.csv | cmp - want.csv
		done
	done
}

@test "v1 algorithms: ot --format v1 hashes with them on threads and through the stages alike" {
	for p in "-j 1" "-j 3" --pipeline; do
		ot -i "$TOP/sample/people.csv" -t csv -o v1.csv --format v1 --ring-id r \
		    --hash-alg SHA3-512 --mac-alg HS384 $p \
		    --hashing-secret-file hashing.key --encryption-key-file enc.key
		"$J" hash SHA3-512 HS384 hashing.key < sigs.csv | sed '1s/.*/RuleId,Token,RecordId/' > want.csv
		ot -d -i v1.csv -t csv -o dec.csv --encryption-key-file enc.key
		# the id-less record has a UUID of each run's own
		no_uuid() { sed -E 's/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/UUID/'; }
		cmp <(no_uuid < dec.csv) <(no_uuid < want.csv)
	done
	# legacy tokens stay SHA-256/HS256
	run ot -i "$TOP/sample/people.csv" -t csv -o x.csv --hash-alg SHA-512 \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key
	assert_failure 2
	assert_output --partial "give --format v1 too"
	# and a token of another MAC is refused when made V1 under this one
	run --separate-stderr ot-encrypt --format v1 --ring-id r --mac-alg HS512 -k enc.key hashed.csv
	assert_failure 1
	assert_equal "$stderr" "ot-encrypt: hashed.csv:2: not a hash-only token of HS512 (88 base64 characters)"
}

@test "v1 algorithms: ot-match joins tokens of one pair and refuses to join other algorithms" {
	"$J" hash SHA-384 HS384 hashing.key < sigs.csv > ours384.csv
	ot-encrypt --format v1 --hash-alg SHA-384 --mac-alg HS384 --ring-id r -k enc.key ours384.csv > theirs384.csv
	ot-match hashed.csv hashed.csv > want.csv
	[ "$(wc -l < want.csv)" -gt 5 ]
	# V1 on both sides: the first token says which
	ot-match -k enc.key theirs384.csv theirs384.csv | cmp - want.csv
	# hash-only tokens need to be told
	ot-match -k enc.key --hash-alg SHA-384 --mac-alg HS384 ours384.csv theirs384.csv | cmp - want.csv
	run --separate-stderr ot-match -k enc.key hashed.csv theirs384.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: theirs384.csv:2: a V1 token of SHA-384/HS384, where the hash-only tokens of hashed.csv:2 are taken to be SHA-256/HS256 (give --hash-alg and --mac-alg if they are not): tokens of other algorithms never match"
	run --separate-stderr ot-match -k enc.key theirs384.csv hashed.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: hashed.csv:2: a hash-only token, taken to be SHA-256/HS256, where the V1 token of theirs384.csv:2 is SHA-384/HS384: give --hash-alg and --mac-alg if it is that"
	ot-encrypt --format v1 --ring-id r -k enc.key hashed.csv > theirs256.csv
	run --separate-stderr ot-match -k enc.key theirs384.csv theirs256.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: theirs256.csv:2: a V1 token of SHA-256/HS256, where the V1 token of theirs384.csv:2 is SHA-384/HS384: tokens of other algorithms never match"
	run --separate-stderr ot-match -k enc.key --hash-alg SHA-384 --mac-alg HS384 theirs256.csv theirs384.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: theirs256.csv:2: a V1 token of SHA-256/HS256, where --hash-alg and --mac-alg say SHA-384/HS384: tokens of other algorithms never match"
	run ot-match --hash-alg MD5 hashed.csv hashed.csv
	assert_failure 2
	# ot-inspect counts the longer hash-only tokens as hash-only
	"$J" hash SHA-512 HS512 hashing.key < sigs.csv > ours512.csv
	blank=$(grep -c ',0000000000000000000000000000000000000000000000000000000000000000,' ours512.csv)
	for f in ours384.csv ours512.csv; do
		run ot-inspect $f
		assert_success
		assert_line "  formats: 0 V1, 0 olt.V1, 0 legacy encrypted, $((n - blank)) hash-only, $blank blank, 0 malformed"
	done
}

@test "v1 expiry: exp and nbf written, refused by ot-decrypt, ot -d and ot-match, counted, --ignore-expiry reads them" {
	ot-encrypt --format v1 --ring-id r --expires-in 30d --not-before 2026-01-01 -k enc.key hashed.csv > v1.csv
	now=$(date +%s)
	"$J" payload enc.key < v1.csv | python3 -c '
import json, sys
now = int(sys.argv[1])
for line in sys.stdin:
    p = json.loads(line)
    assert abs(p["exp"] - (now + 30 * 86400)) < 60 and p["nbf"] == 1767225600, p' "$now"
	# in the header too, so that a report needs no key
	"$J" header < v1.csv | sort -u | grep -q '^{"alg":"dir","enc":"A256GCM","exp":[0-9]*,"kid":"r","nbf":1767225600,"typ":"match-token"}$'
	ot-decrypt -k enc.key v1.csv | cmp - hashed.csv
	# expired, and not yet valid: made by jwcrypto, claims in the payload only
	"$J" seal dir enc.key r exp=1700000000 < hashed.csv > old.csv
	"$J" seal dir enc.key r nbf=4000000000 < hashed.csv > early.csv
	{ cat old.csv; tail -n +2 early.csv; } > mixed.csv
	run --separate-stderr ot-decrypt -k enc.key mixed.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: $n V1 tokens expired and $n not yet valid, the first at mixed.csv:2: refused (--ignore-expiry reads them anyway)"
	run --separate-stderr ot-decrypt -k enc.key -o out.csv early.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: 0 V1 tokens expired and $n not yet valid, the first at early.csv:2: refused (--ignore-expiry reads them anyway)"
	[ ! -e out.csv ]
	ot-decrypt --ignore-expiry -k enc.key old.csv | cmp - hashed.csv
	run --separate-stderr ot -d -i old.csv -t csv -o dec.csv --encryption-key-file enc.key
	assert_failure 1
	assert_equal "$stderr" "ot: $n V1 tokens expired and 0 not yet valid, the first at old.csv:2: refused (--ignore-expiry reads them anyway)"
	[ ! -e dec.csv ]
	ot -d --ignore-expiry -i old.csv -t csv -o dec.csv --encryption-key-file enc.key
	cmp dec.csv hashed.csv
	ot -d --pipeline --ignore-expiry -i old.csv -t csv -o dec.csv --encryption-key-file enc.key
	cmp dec.csv hashed.csv
	run --separate-stderr ot-match -k enc.key hashed.csv old.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: $n V1 tokens expired and 0 not yet valid, the first at old.csv:2: refused (--ignore-expiry reads them anyway)"
	ot-match hashed.csv hashed.csv > want.csv
	ot-match --ignore-expiry -k enc.key hashed.csv old.csv | cmp - want.csv
	# ot-inspect counts them: from the headers without a key, the payloads with it
	run ot-inspect v1.csv
	assert_success
	assert_line "  V1 expiry (headers): $n valid, 0 expired, 0 not yet valid, 0 without exp or nbf"
	run ot-inspect mixed.csv
	assert_line "  V1 expiry (headers): 0 valid, 0 expired, 0 not yet valid, $((2 * n)) without exp or nbf"
	run ot-inspect -k enc.key mixed.csv
	assert_success
	assert_line "  V1 expiry: 0 valid, $n expired, $n not yet valid, 0 without exp or nbf"
	assert_line "  V1 payloads: $((2 * n)) opened, 0 not opened"
}

@test "v1 rings: one run decrypts tokens of four keys by their kid; an unknown kid, a kid-less token and a wrong key type are named" {
	printf 'another-encryption-key-32-bytes!' > q2.key
	ot-keygen -c P-384 -o ec > /dev/null
	rsa_keys 2048 rsa
	mkdir keys && cp enc.key keys/q1.key
	cat > ring.txt <<-EOF
	# the keys of four quarters
	2026-q1	keys/q1.key
	2026-q2   $PWD/q2.key

	2026-q3 ec/keypair.pem
	2026-q4 rsa/keypair.pem
	EOF
	ot-encrypt --format v1 --ring-id 2026-q1 -k enc.key hashed.csv > q1.csv
	ot-encrypt --format v1 --alg A256GCMKW --ring-id 2026-q2 -k q2.key hashed.csv > q2.csv
	ot-encrypt --format v1 --alg ECDH-ES --ring-id 2026-q3 --recipient ec/public_key.pem hashed.csv > q3.csv
	ot-encrypt --format v1 --alg RSA-OAEP-256 --ring-id 2026-q4 --recipient rsa/public_key.pem hashed.csv > q4.csv
	{ cat q1.csv; tail -n +2 q2.csv; tail -n +2 q3.csv; tail -n +2 q4.csv; } > all.csv
	{ cat hashed.csv; for i in 1 2 3; do tail -n +2 hashed.csv; done; } > want.csv
	ot-decrypt --ring ring.txt all.csv | cmp - want.csv
	ot -d -i all.csv -t csv -o dec.csv --ring ring.txt
	cmp dec.csv want.csv
	ot -d --pipeline -i all.csv -t csv -o dec.csv --ring ring.txt
	cmp dec.csv want.csv
	ot-match hashed.csv hashed.csv > pairs.csv
	ot-match --ring ring.txt q3.csv q4.csv | cmp - pairs.csv
	run ot-inspect --ring ring.txt all.csv
	assert_success
	assert_line "  V1 payloads: $((4 * n)) opened, 0 not opened"
	# a kid the ring has not
	ot-encrypt --format v1 --ring-id 2027-q1 -k enc.key hashed.csv > q5.csv
	run --separate-stderr ot-decrypt --ring ring.txt q5.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: q5.csv:2: V1 token of kid 2027-q1, which ring ring.txt has no key for"
	run --separate-stderr ot-match --ring ring.txt hashed.csv q5.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: q5.csv:2: V1 token of kid 2027-q1, which ring ring.txt has no key for"
	"$J" tamper kid < q1.csv > other.csv
	run --separate-stderr ot-decrypt --ring ring.txt other.csv
	assert_equal "$stderr" "ot-decrypt: other.csv:2: V1 token of kid another-ring, which ring ring.txt has no key for"
	# a token made under one key type, its kid given to another
	ot-encrypt --format v1 --alg RSA-OAEP-256 --ring-id 2026-q3 --recipient rsa/public_key.pem hashed.csv > mixed-up.csv
	run --separate-stderr ot-decrypt --ring ring.txt mixed-up.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: mixed-up.csv:2: V1 token of alg RSA-OAEP-256 takes an RSA key, and ring ring.txt has an EC P-384 key for kid 2026-q3 (ec/keypair.pem)"
	# bad ring files: exit 2, the line named
	bad_ring() {	# content message
		printf "$1" > bad-ring.txt
		run ot-decrypt --ring bad-ring.txt q1.csv
		assert_failure 2
		assert_output "ot-decrypt: $2"
	}
	printf 'short' > short.key
	bad_ring 'k1 keys/q1.key\nk1 q2.key\n' "bad-ring.txt:2: kid k1 is there twice"
	bad_ring 'k1\n' "bad-ring.txt:1: a kid and no key file (KID PATH)"
	bad_ring 'k1 short.key\n' "bad-ring.txt:1: short.key: the encryption key must be 32 bytes, not 5"
	bad_ring '# nothing\n' "ring file bad-ring.txt holds no key"
	bad_ring 'k1 nowhere.key\n' "nowhere.key: No such file or directory"
	run ot-decrypt --ring ring.txt --private-key ec/keypair.pem q1.csv
	assert_failure 2
}

@test "v1 keys: an RSA key under 2048 bits, an algorithm given the other key type, an epk off its curve" {
	rsa_keys 1024 small
	ot-keygen -c P-256 -o ec > /dev/null
	rsa_keys 2048 rsa
	run ot-encrypt --format v1 --alg RSA-OAEP-256 --recipient small/public_key.pem hashed.csv
	assert_failure 2
	assert_output "ot-encrypt: small/public_key.pem: an RSA key of 1024 bits: RSA-OAEP-256 takes 2048 to 8192"
	run ot-decrypt --private-key small/keypair.pem hashed.csv
	assert_failure 2
	assert_output "ot-decrypt: small/keypair.pem: an RSA key of 1024 bits: RSA-OAEP-256 takes 2048 to 8192"
	run --separate-stderr ot-encrypt --format v1 --alg RSA-OAEP-256 --recipient ec/public_key.pem hashed.csv
	assert_failure 2
	assert_equal "$stderr" "ot-encrypt: --alg RSA-OAEP-256 takes an RSA public key, and ec/public_key.pem is an EC P-256 key"
	run --separate-stderr ot-encrypt --format v1 --alg ECDH-ES+A256KW --recipient rsa/public_key.pem hashed.csv
	assert_failure 2
	assert_equal "$stderr" "ot-encrypt: --alg ECDH-ES+A256KW takes an EC public key, and rsa/public_key.pem is an RSA key of 2048 bits"
	ot-encrypt --format v1 --alg RSA-OAEP-256 --ring-id r --recipient rsa/public_key.pem hashed.csv > rsa.csv
	run --separate-stderr ot-decrypt --private-key ec/keypair.pem rsa.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: rsa.csv:2: V1 token of alg RSA-OAEP-256 takes an RSA key, and ec/keypair.pem is an EC P-256 key"
	ot-encrypt --format v1 --alg ECDH-ES --ring-id r --recipient ec/public_key.pem hashed.csv > es.csv
	run --separate-stderr ot-decrypt --private-key rsa/keypair.pem es.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: es.csv:2: V1 token of alg ECDH-ES takes an EC key, and rsa/keypair.pem is an RSA key of 2048 bits"
	# another receiver's RSA key: the content fails, as RFC 7516 has it
	rsa_keys 2048 other
	run --separate-stderr ot-decrypt --private-key other/keypair.pem rsa.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: rsa.csv:2: V1 token fails authentication (wrong key, or altered token)"
	# the sender's ephemeral key moved off the curve
	for alg in ECDH-ES ECDH-ES+A256KW; do
		ot-encrypt --format v1 --alg $alg --ring-id r --recipient ec/public_key.pem hashed.csv > es.csv
		"$J" tamper epk < es.csv > bad.csv
		run --separate-stderr ot-decrypt --private-key ec/keypair.pem bad.csv
		assert_failure 1
		assert_equal "$stderr" "ot-decrypt: bad.csv:2: V1 header's epk is not a point of its curve"
	done
}

@test "v1 issuer: --issuer sets iss, JSON-escaped; the reference's by default" {
	ot-encrypt --format v1 --ring-id r --issuer 'org "example"' -k enc.key hashed.csv > v1.csv
	"$J" payload enc.key < v1.csv | grep -c '"iss": "org \\"example\\""' | grep -qx "$n"
	ot -i "$TOP/sample/people.csv" -t csv -o ot.csv --format v1 --ring-id r --issuer org.example \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key
	"$J" payload enc.key < ot.csv | grep -c '"iss": "org.example"' | grep -qx "$n"
	ot-encrypt --format v1 --ring-id r -k enc.key hashed.csv > v1.csv
	"$J" payload enc.key < v1.csv | grep -c '"iss": "truveta.opentoken"' | grep -qx "$n"
}

@test "v1 T8: vectors from a column round-trip, are checked against ppid_dims, and ot-inspect shows them" {
	"$J" vectors 16 < hashed.csv > t8.csv
	records=$(grep -c '^T8,' t8.csv)
	[ "$records" -gt 3 ]
	ot-encrypt --format v1 --ppid-dims 16 --ring-id r -k enc.key t8.csv > v1.csv
	ot-decrypt -k enc.key v1.csv | cmp - t8.csv
	"$J" open enc.key < v1.csv | cmp - t8.csv
	"$J" payload enc.key < v1.csv | grep -c '"ppid_dims": 16, "ppid_dtype": "float32"' | grep -qx "$records"
	run ot-inspect -k enc.key v1.csv
	assert_success
	assert_line "  V1 vectors (T8): float32[16] $records"
	# jwcrypto's vectors read back
	"$J" seal A256GCMKW enc.key r dims=16 < t8.csv > j.csv
	ot-decrypt -k enc.key j.csv | cmp - t8.csv
	# a vector of other dimensions
	run --separate-stderr ot-encrypt --format v1 --ppid-dims 8 --ring-id r -k enc.key t8.csv
	assert_failure 1
	line=$(grep -n '^T8,' t8.csv | head -1 | cut -d: -f1)
	assert_equal "$stderr" "ot-encrypt: t8.csv:$line: a T8 vector of 64 bytes, where ppid_dims 8 makes 32"
	"$J" seal dir enc.key r dims=8 < t8.csv > j8.csv
	run --separate-stderr ot-decrypt -k enc.key j8.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: j8.csv:$line: V1 payload holds a T8 vector of 64 bytes, where ppid_dims 8 makes 32"
	# a T8 row without --ppid-dims is not a vector: not a hash-only token
	run ot-encrypt --format v1 --ring-id r -k enc.key t8.csv
	assert_failure 1
	# ot: a vector column of the person records, one T8 row each
	python3 - "$TOP/sample/people.csv" <<-'PY' > people-v.csv
	import base64, csv, struct, sys
	r = csv.reader(open(sys.argv[1]))
	w = csv.writer(sys.stdout, lineterminator="\n")
	w.writerow(next(r) + ["Embedding"])
	for i, row in enumerate(r):
	    vec = "" if i == 2 else base64.b64encode(struct.pack("<4f", i, -i, 0.5, i / 3)).decode()
	    w.writerow(row + [vec])
	PY
	for j in 1 2; do
		ot -i people-v.csv -t csv -o v$j.csv -j $j --format v1 --ring-id r --vector-column Embedding \
		    --ppid-dims 4 --hashing-secret-file hashing.key --encryption-key-file enc.key
		ot -d -i v$j.csv -t csv -o d$j.csv --encryption-key-file enc.key -j $j
	done
	no_uuid() { sed -E 's/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/UUID/'; }
	cmp <(no_uuid < d1.csv) <(no_uuid < d2.csv)
	# from Parquet too, whose columns ot reads only when it uses them
	ot-parquet write -o people-v.parquet people-v.csv
	ot -i people-v.parquet -t parquet -ot csv -o vp.csv --format v1 --ring-id r \
	    --vector-column Embedding --ppid-dims 4 --hashing-secret-file hashing.key --encryption-key-file enc.key
	ot -d -i vp.csv -t csv -o dp.csv --encryption-key-file enc.key
	cmp <(no_uuid < d1.csv) <(no_uuid < dp.csv)
	[ "$(grep -c '^T8,' d1.csv)" -eq "$(($(wc -l < people-v.csv) - 1))" ]
	# the record without one has a blank T8 token
	[ "$(grep -c '^T8,0000000000000000000000000000000000000000000000000000000000000000,' d1.csv)" -eq 1 ]
	grep -v '^T8,' d1.csv | no_uuid | cmp - <(sed '1s/.*/RuleId,Token,RecordId/' hashed.csv | no_uuid)
	run ot -i people-v.csv -t csv -o x.csv --format v1 --vector-column Embedding --ppid-dims 4 \
	    --pipeline --hashing-secret-file hashing.key --encryption-key-file enc.key
	assert_failure 2
	run ot -i people-v.csv -t csv -o x.csv --format v1 --vector-column Nope --ppid-dims 4 \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key
	assert_failure 1
	assert_output --partial "no Nope column"
	run ot -i people-v.csv -t csv -o x.csv --format v1 --vector-column Embedding --ppid-dims 5 \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key
	assert_failure 1
	assert_output --partial "people-v.csv:2: a T8 vector of 16 bytes, where ppid_dims 5 makes 20"
	[ ! -e x.csv ]
}

# The V1 tokens of file $1 with what is random in each removed: the
# header (constant for dir), the payload without iat, the other columns.
stable() {
	paste -d, <(cut -d, -f1,3 "$1") <("$J" header < "$1" | sed 1i\\header) \
	    <("$J" payload enc.key < "$1" | sed -E 's/"iat": [0-9]+, //' | sed 1i\\payload)
}

@test "v1 threads: ot --format v1 and ot -d give the same bytes for every -j but the random ones" {
	gen_people 3000 > people.csv
	for j in 1 2 4; do
		ot -i people.csv -t csv -o v1-$j.csv -j $j --format v1 --ring-id r --not-before 2026-01-01 \
		    --hashing-secret-file hashing.key --encryption-key-file enc.key
		ot -d -i v1-$j.csv -t csv -o d-$j.csv -j $j --encryption-key-file enc.key
	done
	ot -i people.csv -t csv -o v1-p.csv --pipeline --format v1 --ring-id r --not-before 2026-01-01 \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key
	ot -d --pipeline -i v1-p.csv -t csv -o d-p.csv --encryption-key-file enc.key
	ot -i people.csv -t csv -o hashed-p.csv --hash-only --hashing-secret-file hashing.key
	for j in 1 2 4 p; do
		cmp d-$j.csv hashed-p.csv
	done
	stable v1-1.csv > s1
	for j in 2 4; do
		stable v1-$j.csv | cmp - s1
	done
	# the random parts do differ
	[ -z "$(comm -12 <(tail -n +2 v1-1.csv | cut -d, -f2 | sort) <(tail -n +2 v1-2.csv | cut -d, -f2 | sort))" ]
	# Parquet in and out on threads too
	ot -d -i v1-2.csv -t csv -ot parquet -o d.parquet -j 2 --encryption-key-file enc.key
	ot-parquet cat d.parquet | cmp - hashed-p.csv
	# a damaged token stops ot -d with its line, on any -j, leaving nothing
	"$J" tamper tag < v1-4.csv > bad.csv
	for j in 1 3; do
		run --separate-stderr ot -d -i bad.csv -t csv -o out.csv -j $j --encryption-key-file enc.key
		assert_failure 1
		assert_equal "$stderr" "ot: bad.csv:2: V1 token fails authentication (wrong key, or altered token)"
		[ ! -e out.csv ]
	done
}

@test "v1 olt.V1.: OpenLinkToken 2.x's tokens are read" {
	need_shared
	p=$CONF/olt-2.1/package
	ot-decrypt -k enc.key "$p/sample.rawkey.csv" > /dev/null 2>&1 && false
	printf 'Secret-Encryption-Key-Goes-Here.' > raw.key
	ot-decrypt -k raw.key "$p/sample.rawkey.csv" | cmp - "$p/sample.rawkey.decrypted.csv"
	ot -d -i "$p/sample.rawkey.csv" -t csv -o dec.csv --encryption-key-file raw.key
	cmp dec.csv "$p/sample.rawkey.decrypted.csv"
	run ot-inspect -k raw.key "$p/sample.rawkey.csv"
	assert_success
	assert_line "  formats: 0 V1, 525 olt.V1, 0 legacy encrypted, 0 hash-only, 0 blank, 0 malformed"
	assert_line "  V1 payloads: 525 opened, 0 not opened"
	assert_line "  V1 hash_alg: SHA-256 525"
}
