#!/usr/bin/env bats
# ot.V1 tokens on the project's own data: round trips in each mode, an
# independent JOSE implementation (jwcrypto) both ways, damaged tokens.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'demo hashing secret, long enough' > hashing.key
	printf 'demo-encryption-key-of-32-bytes!' > enc.key
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null | ot-sign |
	    ot-hash -k hashing.key > hashed.csv
	J=$TOP/tests/helpers/jose.py
}

keys() {	# a receiver's key pair on curve $1, in dir $2
	ot-keygen -c "$1" -o "$2" > /dev/null
}

rsa_keys() {	# a receiver's RSA key pair of $1 bits, in dir $2
	mkdir -p "$2"
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$1" -out "$2/keypair.pem" 2>/dev/null
	openssl pkey -in "$2/keypair.pem" -pubout -out "$2/public_key.pem"
}

@test "v1: every mode round-trips to the hash-only file, blanks included" {
	grep -q ',0000000000000000000000000000000000000000000000000000000000000000,' hashed.csv
	for alg in dir A256GCMKW; do
		ot-encrypt --format v1 --alg $alg --ring-id r1 -k enc.key hashed.csv > v1.csv
		# every token, blank rules' too, is a V1 token
		[ "$(cut -d, -f2 v1.csv | grep -vc '^ot\.V1\.')" -eq 1 ]
		ot-decrypt -k enc.key v1.csv | cmp - hashed.csv
	done
	for c in P-256 P-384 P-521; do
		keys $c rx-$c
		for alg in ECDH-ES ECDH-ES+A256KW; do
			ot-encrypt --format v1 --alg $alg --recipient rx-$c/public_key.pem \
			    --ring-id r1 hashed.csv > v1.csv
			ot-decrypt --private-key rx-$c/keypair.pem v1.csv | cmp - hashed.csv
		done
	done
	for bits in 2048 3072; do
		rsa_keys $bits rsa-$bits
		ot-encrypt --format v1 --alg RSA-OAEP-256 --recipient rsa-$bits/public_key.pem \
		    --ring-id r1 hashed.csv > v1.csv
		ot-decrypt --private-key rsa-$bits/keypair.pem v1.csv | cmp - hashed.csv
	done
	# ppid the hash-only token, or with --legacy-ppid the reference's
	# legacy encrypted token: either opens
	ot-encrypt --format v1 --ring-id r1 -k enc.key hashed.csv > v1.csv
	"$J" payload enc.key < v1.csv > payloads
	grep -q '"ppid": \["[A-Za-z0-9+/]\{43\}="\]' payloads
	ot-encrypt --format v1 --legacy-ppid --ring-id r1 -k enc.key hashed.csv > v1.csv
	"$J" payload enc.key < v1.csv > payloads
	! grep -q '"ppid": \["[A-Za-z0-9+/]\{43\}="\]' payloads
	ot-decrypt -k enc.key v1.csv | cmp - hashed.csv
}

@test "v1: a ring id not given is a new UUID, said once on stderr, in every token" {
	run --separate-stderr ot-encrypt --format v1 -k enc.key hashed.csv
	assert_success
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" =~ ^ot-encrypt:\ ring\ id\ ([0-9a-f-]{36})\ \(give\ --ring-id\ to\ choose\ one\)$ ]]
	ring=${BASH_REMATCH[1]}
	printf '%s\n' "$output" > v1.csv
	"$J" header < v1.csv | sort -u > headers
	assert_equal "$(cat headers)" "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"$ring\",\"typ\":\"match-token\"}"
	# two runs: two rings, and no token alike
	ot-encrypt --format v1 -k enc.key hashed.csv 2>/dev/null > again.csv
	[ -z "$(comm -12 <(tail -n +2 v1.csv | cut -d, -f2 | sort) <(tail -n +2 again.csv | cut -d, -f2 | sort))" ]
}

@test "v1: jwcrypto opens the tokens ot writes, with each of the five algorithms" {
	for alg in dir A256GCMKW; do
		for p in "" --legacy-ppid; do
			ot-encrypt --format v1 --alg $alg $p --ring-id ring-a -k enc.key hashed.csv > v1.csv
			"$J" open enc.key < v1.csv | cmp - hashed.csv
		done
	done
	for c in P-256 P-384 P-521; do
		keys $c rx-$c
		for alg in ECDH-ES ECDH-ES+A256KW; do
			ot-encrypt --format v1 --alg $alg --recipient rx-$c/public_key.pem \
			    --ring-id ring-a hashed.csv > v1.csv
			"$J" open - rx-$c/keypair.pem < v1.csv | cmp - hashed.csv
			# the header jwcrypto reads: the ephemeral key on the curve
			"$J" header < v1.csv | head -1 | grep -q "^{\"alg\":\"$alg\",\"enc\":\"A256GCM\",\"epk\":{\"crv\":\"$c\",\"kty\":\"EC\",\"x\":\"[^\"]*\",\"y\":\"[^\"]*\"},\"kid\":\"ring-a\",\"typ\":\"match-token\"}\$"
		done
	done
	rsa_keys 2048 rsa
	ot-encrypt --format v1 --alg RSA-OAEP-256 --recipient rsa/public_key.pem --ring-id ring-a hashed.csv > v1.csv
	"$J" open - rsa/keypair.pem < v1.csv | cmp - hashed.csv
	# each token's ephemeral key is its own
	[ "$("$J" header < v1.csv | sort -u | wc -l)" -eq 1 ]
	ot-encrypt --format v1 --alg ECDH-ES --recipient rx-P-256/public_key.pem --ring-id ring-a hashed.csv > v1.csv
	[ "$("$J" header < v1.csv | sort -u | wc -l)" -eq "$(($(wc -l < hashed.csv) - 1))" ]
}

@test "v1: ot opens the tokens jwcrypto writes, with each of the five algorithms" {
	for alg in dir A256GCMKW; do
		for p in legacy mac; do
			"$J" seal $alg enc.key ring-b ppid=$p < hashed.csv > v1.csv
			ot-decrypt -k enc.key v1.csv | cmp - hashed.csv
		done
	done
	for c in P-256 P-384 P-521; do
		keys $c rx-$c
		for alg in ECDH-ES ECDH-ES+A256KW; do
			"$J" seal $alg rx-$c/public_key.pem ring-b < hashed.csv > v1.csv
			ot-decrypt --private-key rx-$c/keypair.pem v1.csv | cmp - hashed.csv
		done
	done
	rsa_keys 2048 rsa
	"$J" seal RSA-OAEP-256 rsa/public_key.pem ring-b < hashed.csv > v1.csv
	ot-decrypt --private-key rsa/keypair.pem v1.csv | cmp - hashed.csv
	ot -d -i v1.csv -t csv -o dec.csv --private-key rsa/keypair.pem
	cmp dec.csv hashed.csv
}

@test "v1: ot -d and ot --format v1, and a file of both formats" {
	ot -i "$TOP/sample/people.csv" -t csv -o v1.csv --format v1 --ring-id r \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	ot -i "$TOP/sample/people.csv" -t csv -o legacy.csv \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	{ cat v1.csv; tail -n +2 legacy.csv; } > mixed.csv
	ot -d -i mixed.csv -t csv -o dec.csv --encryption-key-file enc.key
	# the id-less record has a UUID of each run's own
	no_uuid() { sed -E 's/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/UUID/'; }
	cmp <(no_uuid < dec.csv) <({ cat hashed.csv; tail -n +2 hashed.csv; } | no_uuid)
	run ot --hash-only --format v1 -i "$TOP/sample/people.csv" -t csv -o x.csv --hashing-secret-file hashing.key
	assert_failure 2
	run ot --ring-id r -i "$TOP/sample/people.csv" -t csv -o x.csv \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key
	assert_failure 2
}

# bad WHAT FILE MESSAGE [options]: the first token altered by WHAT gives
# MESSAGE on line 2, exit 1; with --keep-going the rest still decrypt.
bad() {
	local what=$1 file=$2 msg=$3
	shift 3
	"$J" tamper "$what" < "$file" > bad.csv
	run --separate-stderr ot-decrypt "$@" bad.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: bad.csv:2: $msg"
	run --separate-stderr ot-decrypt --keep-going "$@" bad.csv
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "ot-decrypt: bad.csv:2: $msg"
	assert_equal "${stderr_lines[1]}" "ot-decrypt: 1 tokens could not be processed"
	# the row is kept as it was, the others decrypted
	assert_equal "$(printf '%s\n' "$output" | tail -n +3)" "$(tail -n +3 hashed.csv)"
}

@test "v1: damaged tokens: exact messages, exit 1, --keep-going goes on" {
	auth="V1 token fails authentication (wrong key, or altered token)"
	keys P-256 rx
	ot-encrypt --format v1 --ring-id r -k enc.key hashed.csv > dir.csv
	ot-encrypt --format v1 --alg A256GCMKW --ring-id r -k enc.key hashed.csv > kw.csv
	ot-encrypt --format v1 --alg ECDH-ES+A256KW --ring-id r --recipient rx/public_key.pem hashed.csv > es.csv
	for f in dir kw; do
		bad kid $f.csv "$auth" -k enc.key
		bad ciphertext $f.csv "$auth" -k enc.key
		bad tag $f.csv "$auth" -k enc.key
		bad none $f.csv "V1 header says alg none: unprotected tokens are refused" -k enc.key
		bad truncate $f.csv "V1 tag is not 16 bytes of base64url" -k enc.key
		bad big-header $f.csv "V1 header too large" -k enc.key
		bad big-payload $f.csv "V1 payload too large" -k enc.key
	done
	bad ek kw.csv "V1 encrypted key does not decrypt: another key made it, or it was altered" -k enc.key
	bad ek es.csv "V1 encrypted key does not unwrap: a token for another receiver, or altered" --private-key rx/keypair.pem
	bad tag es.csv "$auth" --private-key rx/keypair.pem
	bad kid es.csv "$auth" --private-key rx/keypair.pem
}

@test "v1: the wrong key, another receiver, another curve, no key" {
	printf 'another-encryption-key-32-bytes!' > other.key
	ot-encrypt --format v1 --ring-id r -k enc.key hashed.csv > dir.csv
	run --separate-stderr ot-decrypt -k other.key dir.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: dir.csv:2: V1 token fails authentication (wrong key, or altered token)"
	ot-encrypt --format v1 --alg A256GCMKW --ring-id r -k enc.key hashed.csv > kw.csv
	run --separate-stderr ot-decrypt -k other.key kw.csv
	assert_equal "$stderr" "ot-decrypt: kw.csv:2: V1 encrypted key does not decrypt: another key made it, or it was altered"
	keys P-384 alice
	keys P-384 bob
	keys P-256 carol
	ot-encrypt --format v1 --alg ECDH-ES+A256KW --recipient alice/public_key.pem --ring-id r hashed.csv > es.csv
	run --separate-stderr ot-decrypt --private-key bob/keypair.pem es.csv
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: es.csv:2: V1 encrypted key does not unwrap: a token for another receiver, or altered"
	run --separate-stderr ot-decrypt --private-key carol/keypair.pem es.csv
	assert_equal "$stderr" "ot-decrypt: es.csv:2: a V1 token for a key on another curve than ours"
	# a private key alone opens no dir token, and no legacy one
	run --separate-stderr env -u OT_ENCRYPTION_KEY ot-decrypt --private-key alice/keypair.pem dir.csv
	assert_equal "$stderr" "ot-decrypt: dir.csv:2: V1 token with alg dir: no encryption key to open it"
	ot-encrypt -k enc.key hashed.csv > legacy.csv
	run --separate-stderr env -u OT_ENCRYPTION_KEY ot-decrypt --private-key alice/keypair.pem legacy.csv
	assert_equal "$stderr" "ot-decrypt: legacy.csv:2: a legacy token, and no encryption key to open it"
}

@test "v1: ot-encrypt's V1 options are checked (exit 2)" {
	keys P-256 rx
	for args in "--alg dir -k enc.key" "--ring-id r -k enc.key" "--format v2 -k enc.key" \
	    "--format v1 --alg RSA-OAEP -k enc.key" "--format v1 --alg ECDH-ES+A256KW" \
	    "--format v1 --alg ECDH-ES+A256KW --recipient rx/public_key.pem -k enc.key" \
	    "--format v1 --recipient rx/public_key.pem -k enc.key" "--format v1 --ring-id= -k enc.key" \
	    "--hash-alg SHA-384 -k enc.key" "--format v1 --hash-alg SHA-1 -k enc.key" \
	    "--format v1 --mac-alg HS1 -k enc.key" "--format v1 --expires-in 0 -k enc.key" \
	    "--format v1 --expires-in 3x -k enc.key" "--format v1 --not-before 2026-13-01 -k enc.key" \
	    "--format v1 --not-before 2030-01-01 --expires-in 1d -k enc.key" \
	    "--format v1 --issuer= -k enc.key" "--format v1 --ppid-dims 0 -k enc.key" \
	    "--format v1 --ppid-dims 4097 -k enc.key" \
	    "--format v1 --alg ECDH-ES --recipient rx/public_key.pem --legacy-ppid"; do
		run ot-encrypt $args hashed.csv
		assert_failure 2
	done
}

@test "v1: ot-inspect counts formats, algorithms, rings and rules, and finds malformed tokens" {
	keys P-256 rx
	ot-encrypt --format v1 --ring-id ring-a -k enc.key hashed.csv > a.csv
	ot-encrypt --format v1 --alg A256GCMKW --ring-id ring-b -k enc.key hashed.csv > b.csv
	ot-encrypt --format v1 --alg ECDH-ES+A256KW --ring-id ring-c --recipient rx/public_key.pem hashed.csv > c.csv
	ot-encrypt -k enc.key hashed.csv > legacy.csv
	"$J" tamper none < a.csv > none.csv
	{ cat a.csv; tail -n +2 b.csv; tail -n +2 c.csv; tail -n +2 legacy.csv; tail -n +2 hashed.csv;
	  tail -n +2 none.csv | head -1; echo 'T9,not a token,x'; } > mixed.csv
	n=$(($(wc -l < hashed.csv) - 1))
	blank=$(grep -c ',0000000000000000000000000000000000000000000000000000000000000000,' hashed.csv)
	run --separate-stderr ot-inspect --json mixed.csv
	assert_failure 1
	printf '%s\n' "$output" > report.json
	python3 - "$n" "$blank" <<-'PY'
	import json, sys
	n, blank = int(sys.argv[1]), int(sys.argv[2])
	[r] = json.load(open("report.json"))
	assert r["file"] == "mixed.csv" and r["tokens"] == 5 * n + 2, r
	assert r["formats"] == {"v1": 3 * n, "olt_v1": 0, "legacy": n - blank, "hash_only": n - blank,
	                        "blank": 2 * blank, "malformed": 2}, r["formats"]
	assert r["v1"]["alg"] == {"dir": n, "A256GCMKW": n, "ECDH-ES+A256KW": n}, r["v1"]
	assert r["v1"]["kid"] == {"ring-a": n, "ring-b": n, "ring-c": n}, r["v1"]
	assert r["v1"]["enc"] == {"A256GCM": 3 * n} and r["v1"]["typ"] == {"match-token": 3 * n}
	assert r["rules"]["T9"] == 1 and r["rules"]["T1"] == n + 1, r["rules"]
	assert r["malformed_lines"] == [5 * n + 2, 5 * n + 3], r["malformed_lines"]
	PY
	run ot-inspect a.csv
	assert_success
	assert_line --index 1 "  formats: $n V1, 0 olt.V1, 0 legacy encrypted, 0 hash-only, 0 blank, 0 malformed"
	assert_line --index 5 "  ring ids (kid): ring-a $n"
	# Parquet token files too
	ot-parquet write -o a.parquet a.csv
	run ot-inspect a.parquet
	assert_success
	assert_line --index 0 "a.parquet: $n tokens"
	run ot-inspect "$TOP/sample/people.csv"
	assert_failure 1
}

@test "v1: ot-match decrypts V1 token files on the fly with the key" {
	ot-encrypt --format v1 --ring-id a -k enc.key hashed.csv > a.csv
	ot-encrypt --format v1 --alg A256GCMKW --ring-id b -k enc.key hashed.csv > b.csv
	ot-match hashed.csv hashed.csv > want.csv
	[ "$(wc -l < want.csv)" -gt 5 ]
	ot-match -k enc.key a.csv b.csv | cmp - want.csv
	run --separate-stderr ot-match a.csv hashed.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: a.csv:2: a V1 token: decrypt it first, or give the key"
}
