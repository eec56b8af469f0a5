#!/usr/bin/env bats
# ot olt, the OpenLinkToken 2.1.2 command line: its commands and options,
# key files and exchange configs that an independent implementation
# (jwcrypto and cryptography: tests/helpers/olt.py) opens, olt.V1 tokens
# both ways, and what must be refused.

load helper

OLT=$TOP/tests/helpers/olt.py

# The last run's standard error holds this text, or matches this regex.
stderr_has() {
	[[ "$stderr" == *"$1"* ]] || fail "stderr lacks: $1
stderr: $stderr"
}
stderr_re() {
	[[ "$stderr" =~ $1 ]] || fail "stderr does not match: $1
stderr: $stderr"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	export NO_PROGRESS=1
	# two parties, each with its own ~/.openlinktoken
	mkdir -p sender receiver
	export HOME=$BATS_TEST_TMPDIR/sender
}

# party NAME COMMAND...: run as that party (its HOME, in its directory)
party() {
	local who=$1
	shift
	(cd "$BATS_TEST_TMPDIR/$who" && HOME=$BATS_TEST_TMPDIR/$who "$@")
}

# The receiver's key pair, then the sender's exchange config for it
# (hashing secret HashingKey): sender/x.exchange.json, copied to the
# receiver as the reference's workflow sends it.
exchange() {
	party receiver ot olt generate-key-pair -n acme "$@" > /dev/null
	cp receiver/.openlinktoken/acme.public.pem sender/acme.pem
	party sender env HS=HashingKey ot olt initiate-exchange --public-key acme.pem \
	    -n x --hashingsecret-env HS ${CURVE:+-c $CURVE} > /dev/null
	cp sender/x.exchange.json receiver/
}

hashed() {	# hashed OUT [PEOPLE]: hash-only tokens (HashingKey) of the sample
	printf 'HashingKey' > "$BATS_TEST_TMPDIR/hashing.key"
	ot -i "${2:-$TOP/sample/people.csv}" -t csv -o "$BATS_TEST_TMPDIR/$1" --hash-only \
	    --hashing-secret-file "$BATS_TEST_TMPDIR/hashing.key" -j 1 2> /dev/null
}

@test "olt: the command line answers as the reference's does" {
	run ot olt --version
	assert_success
	assert_output --regexp '^Open Link Token 2\.1\.2 '
	# no command, a bare command with required options, help: help, 0
	run ot olt
	assert_success
	assert_line --index 0 --partial "usage: ot olt [--version]"
	run ot olt tokenize
	assert_success
	assert_line --index 0 --partial "usage: ot olt tokenize -i input"
	run ot olt help decrypt
	assert_success
	assert_line --index 0 --partial "usage: ot olt decrypt -i input"
	run ot olt decrypt --help
	assert_success
	# tokenize, package, encrypt, decrypt have --help only
	run --separate-stderr ot olt encrypt -h
	assert_failure 2
	stderr_has "-h: not an option of this command"
	# usage errors: 2
	run --separate-stderr ot olt bogus
	assert_failure 2
	stderr_has "bogus: not a command of ot olt"
	run --separate-stderr ot olt decrypt -o x.csv
	assert_failure 2
	stderr_has "the option -i/--input is required"
	run --separate-stderr ot olt tokenize -i a.csv --mode fast
	assert_failure 2
	stderr_has "--mode fast: choose default, hash-only or demo"
	run --separate-stderr ot olt decrypt -i a.csv --private-key k --private-key-env K
	assert_failure 2
	stderr_has "give one of --private-key and --private-key-env"
	run --separate-stderr ot olt initiate-exchange -n x
	assert_failure 2
	stderr_has "give one of --public-key, --public-key-stdin and --public-key-env"
	run --separate-stderr ot olt encrypt -i a.csv extra
	assert_failure 2
	# abbreviations, as argparse takes them
	run --separate-stderr ot olt decrypt -i a.txt --exch x.json
	assert_failure 1
	stderr_has "a.txt: not a .csv or .parquet or .zip file"
	# update and extension: one line, exit 1
	for c in update "update --dry-run" "extension list" "extension install x"; do
		run --separate-stderr ot olt $c
		assert_failure 1
		assert_equal "$(printf '%s\n' "$stderr" | wc -l)" 1
		stderr_re "ot does not (update itself|load extensions)"
	done
	# the flag CLI and the 1.x subcommands are untouched
	run ot --help
	assert_success
	assert_line --partial "ot generate-keypair"
}

@test "olt: generate-key-pair writes ~/.openlinktoken/NAME.{private,public}.pem and never overwrites them" {
	run ot olt generate-key-pair -n acme
	assert_success
	d=$HOME/.openlinktoken
	assert_line --index 0 "Private key: $d/acme.private.pem"
	assert_line --index 1 "Public key:  $d/acme.public.pem"
	assert_equal "$(stat -c %a "$d")" 700
	assert_equal "$(stat -c %a "$d/acme.private.pem")" 600
	assert_equal "$(stat -c %a "$d/acme.public.pem")" 644
	assert_equal "$(head -1 "$d/acme.private.pem")" "-----BEGIN PRIVATE KEY-----"
	openssl pkey -in "$d/acme.private.pem" -noout -text | grep -q "NIST CURVE: P-256"
	openssl pkey -in "$d/acme.private.pem" -pubout | cmp - "$d/acme.public.pem"
	sum=$(cat "$d"/acme.* | sha256sum)
	for force in "" --force; do
		run --separate-stderr ot olt generate-key-pair -n acme $force
		assert_failure 1
		stderr_has "acme.private.pem: exists; ot never overwrites a key file"
	done
	assert_equal "$(cat "$d"/acme.* | sha256sum)" "$sum"
	# the curves, the default name, and what is refused
	run ot olt generate-key-pair -c P-521 -n big
	assert_success
	openssl pkey -in "$d/big.private.pem" -noout -text | grep -q "NIST CURVE: P-521"
	run ot olt generate-key-pair
	assert_success
	[ -f "$d/openlinktoken-$(date +%F).private.pem" ]
	run --separate-stderr ot olt generate-key-pair -c P-224
	assert_failure 1
	stderr_has "unsupported curve 'P-224'"
	run --separate-stderr ot olt generate-key-pair -n ../escape
	assert_failure 1
	stderr_has "a key name must be a plain file name"
	# the key directory is never a link
	export HOME=$BATS_TEST_TMPDIR/linked
	mkdir -p elsewhere "$HOME"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$HOME/.openlinktoken"
	run --separate-stderr ot olt generate-key-pair -n acme
	assert_failure 1
	stderr_has "the key directory is a symbolic link: refused"
	[ -z "$(ls elsewhere)" ]
}

@test "olt: initiate-exchange writes a config jwcrypto opens for both parties to one transport key" {
	exchange
	c=sender/x.exchange.json
	assert_equal "$(stat -c %a $c)" 600
	"$OLT" config $c sender/.openlinktoken/x.private.pem > s.json
	"$OLT" config $c receiver/.openlinktoken/acme.private.pem > r.json
	python3 - s.json r.json <<-'PY'
	import json, sys
	s, r = (json.load(open(f)) for f in sys.argv[1:])
	assert (s["role"], r["role"]) == ("sender", "recipient")
	assert s["transportKeyHex"] == r["transportKeyHex"]
	assert s["payload"] == r["payload"]
	assert bytes.fromhex(s["hashingSecretHex"]) == b"HashingKey"
	p = s["payload"]
	assert p["exchangeName"] == "x" and p["curve"] == "P-256", p
	assert p["createdAt"].endswith("Z") and len(p["exchangeId"]) == 36, p
	PY
	# the file is json.dump(indent=2) and a newline, version last
	/usr/bin/python3 -c 'import json, sys
t = open(sys.argv[1]).read()
assert t == json.dumps(json.loads(t), indent=2) + "\n"
assert list(json.loads(t))[-1] == "version"' $c
	# and ot reads the same: the SHA-256 of both secrets agree
	for side in "sender .openlinktoken/x" "receiver .openlinktoken/acme"; do
		set -- $side
		party $1 ot-inspect --json --exchange-config x.exchange.json \
		    --private-key $2.private.pem > $1.ot.json
	done
	python3 - s.json sender.ot.json receiver.ot.json <<-'PY'
	import hashlib, json, sys
	py, s, r = (json.load(open(f)) for f in sys.argv[1:])
	want = hashlib.sha256(bytes.fromhex(py["transportKeyHex"])).hexdigest()
	assert s["transportKeySha256"] == r["transportKeySha256"] == want
	assert s["hashingSecretSha256"] == hashlib.sha256(b"HashingKey").hexdigest()
	PY
}

@test "olt: initiate-exchange's secret, key and output forms, and what it never overwrites" {
	party receiver ot olt generate-key-pair -n acme > /dev/null
	pub=$BATS_TEST_TMPDIR/receiver/.openlinktoken/acme.public.pem
	rk=receiver/.openlinktoken/acme.private.pem
	# from standard input: one final newline is not the secret's
	printf 'S3cret\r\n' | party sender ot olt initiate-exchange --public-key "$pub" \
	    --hashingsecret-stdin -n a -o a.json > /dev/null
	# the partner's key from the environment, a random secret
	party sender env PUB="$(cat "$pub")" ot olt initiate-exchange --public-key-env PUB -n b > /dev/null
	# on the command line: warned, and blanked from ps
	run --separate-stderr party sender ot olt initiate-exchange --public-key "$pub" \
	    --hashingsecret 'on the line' -n c
	assert_success
	stderr_has "warning: --hashingsecret puts the hashing secret where other users can see it"
	assert_line --index 2 "Exchange config: $BATS_TEST_TMPDIR/sender/c.exchange.json"
	for f in a.json:533363726574 b.exchange.json:random c.exchange.json:6f6e20746865206c696e65; do
		"$OLT" config sender/${f%%:*} $rk > j
		python3 -c 'import json, sys
h = json.load(open("j"))["hashingSecretHex"]
assert h == sys.argv[1] or (sys.argv[1] == "random" and len(h) == 64), h' "${f#*:}"
	done
	# a reused sender key: its files there already hold it
	party sender ot olt generate-key-pair -n mine > /dev/null
	run party sender ot olt initiate-exchange --public-key "$pub" -n mine \
	    --sender-private-key .openlinktoken/mine.private.pem
	assert_success
	"$OLT" config sender/mine.exchange.json sender/.openlinktoken/mine.private.pem | grep -q '"role": "sender"'
	# the sender key from the environment: no key file written
	party sender env SK="$(cat sender/.openlinktoken/mine.private.pem)" \
	    ot olt initiate-exchange --public-key "$pub" -n envkey --sender-private-key-env SK > out
	grep -q 'environment variable, not written locally' out
	[ ! -e sender/.openlinktoken/envkey.private.pem ]
	# never overwritten: the config, with --force too, and other keys' files
	sum=$(sha256sum < sender/c.exchange.json)
	run --separate-stderr party sender ot olt initiate-exchange --public-key "$pub" -n c --force
	assert_failure 1
	stderr_has "c.exchange.json: exists; ot never overwrites an exchange config, with --force too"
	assert_equal "$(sha256sum < sender/c.exchange.json)" "$sum"
	run --separate-stderr party sender ot olt initiate-exchange --public-key "$pub" -n mine -o other.json
	assert_failure 1
	stderr_has "mine.private.pem: exists; ot never overwrites a key file"
	[ ! -e sender/other.json ]
	run --separate-stderr party sender ot olt initiate-exchange --public-key-stdin --hashingsecret-stdin -n z < /dev/null
	assert_failure 1
	stderr_has "both read standard input"
}

@test "olt: a curve mismatch is refused, when the config is made and when it is read" {
	party receiver ot olt generate-key-pair -n acme -c P-384 > /dev/null
	pub=$BATS_TEST_TMPDIR/receiver/.openlinktoken/acme.public.pem
	run --separate-stderr party sender ot olt initiate-exchange --public-key "$pub" -n x
	assert_failure 1
	stderr_has "curve mismatch: the partner's key is on P-384 and ours on P-256"
	[ ! -e sender/x.exchange.json ]
	run --separate-stderr party sender ot olt initiate-exchange --public-key "$pub" -n y -c P-256
	assert_failure 1
	stderr_has "curve mismatch"
	# -c P-384 makes it; a config of two curves, made by jwcrypto, is refused
	run party sender ot olt initiate-exchange --public-key "$pub" -n x -c P-384
	assert_success
	party sender ot olt generate-key-pair -n small > /dev/null
	/usr/bin/python3 - sender/.openlinktoken/small.public.pem "$pub" mixed.json <<-'PY'
	import hashlib, json, sys
	from cryptography.hazmat.primitives import serialization
	from jwcrypto import jwe, jwk
	def fp(pem):
	    k = serialization.load_pem_public_key(pem)
	    d = hashlib.sha256(k.public_bytes(serialization.Encoding.DER,
	        serialization.PublicFormat.SubjectPublicKeyInfo)).hexdigest().upper()
	    return ":".join(d[i:i + 2] for i in range(0, 64, 2))
	s, r = (open(f, "rb").read() for f in sys.argv[1:3])
	p = {"exchangeName": "mixed", "hashingSecret": "SGFzaGluZ0tleQ",
	     "hashingSecretEncoding": "base64url", "senderKeyFingerprint": fp(s),
	     "recipientKeyFingerprint": fp(r), "senderPublicKey": s.decode(),
	     "recipientPublicKey": r.decode(), "curve": "P-256",
	     "createdAt": "2026-11-24T12:00:00Z", "exchangeId": "5cb5ddb7-89df-4772-899d-657f0a6b2df4"}
	e = jwe.JWE(json.dumps(p, separators=(",", ":")).encode(),
	    protected='{"typ":"openlinktoken-exchange+jwe","cty":"application/openlinktoken-exchange+json","enc":"A256GCM"}')
	for k in (s, r):
	    e.add_recipient(jwk.JWK.from_pem(k), header=json.dumps({"alg": "ECDH-ES+A256KW",
	        "kid": "sha256:" + fp(k).lower().replace(":", "-")}))
	c = json.loads(e.serialize())
	c["version"] = 1
	json.dump(c, open(sys.argv[3], "w"), indent=2)
	PY
	hashed hashed.csv
	run --separate-stderr ot olt encrypt -i hashed.csv --exchange-config mixed.json \
	    --private-key receiver/.openlinktoken/acme.private.pem
	assert_failure 1
	stderr_has "mixed.json: curve mismatch: its sender key is on P-256 and its recipient key on P-384"
}

@test "olt: encrypt and decrypt both ways with the independent implementation, CSV, Parquet and ZIP" {
	need_node
	exchange
	hashed hashed.csv
	ot-parquet write -o hashed.parquet hashed.csv
	rk=receiver/.openlinktoken/acme.private.pem
	# ot encrypts (the sender), jwcrypto opens (as the receiver)
	party sender ot olt encrypt -i ../hashed.csv -o ../enc.csv --exchange-config x.exchange.json --ring-id ' ring-1 '
	"$OLT" open sender/x.exchange.json $rk < enc.csv | cmp - hashed.csv
	# the header's kid is the ring id, stripped
	ot-inspect enc.csv | grep -qx '  ring ids (kid): ring-1 [0-9]*'
	# blank tokens stay 64 zeros in encrypt, as in the reference
	assert_equal "$(grep -c ',0\{64\},' enc.csv)" "$(grep -c ',0\{64\},' hashed.csv)"
	# Parquet in, Parquet out: read by DuckDB and hyparquet
	party sender ot olt encrypt -i ../hashed.parquet -o ../enc.parquet --exchange-config x.exchange.json
	for engine in duckdb hyparquet; do
		pq rows $engine enc.parquet | "$OLT" open sender/x.exchange.json $rk json | cmp - hashed.csv
	done
	# a ZIP: the tokens as the input's type and the config
	party sender ot olt encrypt -i ../hashed.parquet -o ../enc.zip --exchange-config x.exchange.json
	assert_equal "$(unzip -Z1 enc.zip)" "$(printf 'enc.parquet\nx.exchange.json')"
	unzip -p enc.zip x.exchange.json | cmp - sender/x.exchange.json
	# the receiver decrypts each (the ZIP with its own config), with the
	# key found in ~/.openlinktoken by the config's kids
	for f in enc.csv enc.parquet enc.zip; do
		party receiver ot olt decrypt -i ../$f -o ../dec-$f.csv --exchange-config x.exchange.json
		cmp dec-$f.csv hashed.csv
	done
	# and the defaults: INPUT_decrypted.EXT beside the input
	party receiver ot olt decrypt -i ../enc.zip
	[ -f enc_decrypted.parquet ]
	assert_equal "$(ot-parquet cat enc_decrypted.parquet)" "$(cat hashed.csv)"
	# jwcrypto encrypts as the reference does, ot opens, either side
	"$OLT" seal sender/x.exchange.json $rk ring-2 < hashed.csv > py.csv
	for who in sender receiver; do
		party $who ot olt decrypt -i ../py.csv -o ../py-$who.csv --exchange-config x.exchange.json
		cmp py-$who.csv hashed.csv
	done
}

@test "olt: a key that is neither party's, another version, a tampered config or token: refused" {
	exchange
	hashed hashed.csv
	party sender ot olt encrypt -i ../hashed.csv -o ../enc.csv --exchange-config x.exchange.json
	mkdir third && (HOME=$BATS_TEST_TMPDIR/third ot olt generate-key-pair -n eve > /dev/null)
	eve=third/.openlinktoken/eve.private.pem
	run --separate-stderr ot olt decrypt -i enc.csv -o out.csv --exchange-config sender/x.exchange.json --private-key $eve
	assert_failure 1
	stderr_has "x.exchange.json: the key is neither party's: its kid sha256:"
	[ ! -e out.csv ]
	run --separate-stderr ot-decrypt --exchange-config sender/x.exchange.json --private-key $eve enc.csv
	assert_failure 1
	stderr_has "the key is neither party's"
	# no key given, and none in ~/.openlinktoken
	run --separate-stderr env HOME=$BATS_TEST_TMPDIR/third ot olt decrypt -i enc.csv --exchange-config sender/x.exchange.json
	assert_failure 1
	stderr_has "no private key of this exchange in $BATS_TEST_TMPDIR/third/.openlinktoken"
	# another version
	sed 's/"version": 1/"version": 2/' sender/x.exchange.json > v2.json
	run --separate-stderr ot olt decrypt -i enc.csv --exchange-config v2.json
	assert_failure 1
	stderr_has "v2.json: exchange config version 2; ot reads version 1"
	# tampered: the content, a recipient's wrapped key
	python3 - sender/x.exchange.json <<-'PY'
	import json, sys
	c = json.load(open(sys.argv[1]))
	flip = lambda s: ("B" if s[5] == "A" else "A").join((s[:5], s[6:]))
	t = dict(c, ciphertext=flip(c["ciphertext"]))
	json.dump(t, open("content.json", "w"), indent=2)
	c["recipients"][1]["encrypted_key"] = flip(c["recipients"][1]["encrypted_key"])
	json.dump(c, open("wrapped.json", "w"), indent=2)
	PY
	run --separate-stderr ot olt decrypt -i enc.csv --exchange-config content.json
	assert_failure 1
	stderr_has "content.json: tampered exchange config: its content fails authentication"
	run --separate-stderr ot olt decrypt -i enc.csv --exchange-config wrapped.json \
	    --private-key receiver/.openlinktoken/acme.private.pem
	assert_failure 1
	stderr_has "wrapped.json: tampered exchange config: the recipient entry for this key"
	# a tampered token: its row named, nothing written
	awk -F, -v OFS=, 'NR == 4 { $2 = substr($2, 1, 40) "x" substr($2, 42) } 1' enc.csv > bad.csv
	run --separate-stderr ot olt decrypt -i bad.csv -o out.csv --exchange-config sender/x.exchange.json
	assert_failure 1
	stderr_re "bad.csv:4: olt.V1 (header|token)"
	[ ! -e out.csv ]
	# --keep-going reports each and still fails
	awk -F, -v OFS=, 'NR == 6 { $2 = $2 "A" } 1' bad.csv > bad2.csv
	run --separate-stderr ot olt decrypt -i bad2.csv -o out.csv --keep-going --exchange-config sender/x.exchange.json
	assert_failure 1
	stderr_has "2 tokens could not be processed"
	# a token of another exchange
	party receiver ot olt generate-key-pair -n other > /dev/null
	cp receiver/.openlinktoken/other.public.pem sender/other.pem
	party sender ot olt initiate-exchange --public-key other.pem -n y > /dev/null
	party sender ot olt encrypt -i ../hashed.csv -o ../y.csv --exchange-config y.exchange.json
	run --separate-stderr ot olt decrypt -i y.csv --exchange-config sender/x.exchange.json
	assert_failure 1
	stderr_has "y.csv:2: olt.V1 token fails authentication: another exchange's transport key made it"
}

@test "olt: a package naming another exchange, a zip-slip entry, or no config is refused" {
	exchange
	hashed hashed.csv
	party sender ot olt encrypt -i ../hashed.csv -o ../enc.zip --exchange-config x.exchange.json
	rk=receiver/.openlinktoken/acme.private.pem
	unzip -q -d pkg enc.zip
	mkzip() {
		/usr/bin/python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for a in sys.argv[2:]:
        name, path = a.split("=", 1)
        z.writestr(zipfile.ZipInfo(name), open(path, "rb").read(), zipfile.ZIP_DEFLATED)' "$@"
	}
	# metadata of another exchange beside this exchange's tokens
	printf '{"HashingSecretHash": "%s", "EncryptionSecretHash": "%s"}' \
	    "$(printf HashingKey | sha256sum | cut -c1-64)" "$(printf other | sha256sum | cut -c1-64)" > other.metadata.json
	mkzip meta.zip enc.csv=pkg/enc.csv enc.metadata.json=other.metadata.json x.exchange.json=pkg/x.exchange.json
	run --separate-stderr ot olt decrypt -i meta.zip -o out.csv --private-key $rk
	assert_failure 1
	stderr_has "meta.zip: its metadata names another exchange: its EncryptionSecretHash is"
	[ ! -e out.csv ]
	# a config given apart that is not the package's
	party receiver ot olt generate-key-pair -n other > /dev/null
	cp receiver/.openlinktoken/acme.public.pem sender/acme2.pem
	party sender ot olt initiate-exchange --public-key acme2.pem -n y > /dev/null
	run --separate-stderr ot olt decrypt -i enc.zip -o out.csv --private-key $rk --exchange-config sender/y.exchange.json
	assert_failure 1
	stderr_has "enc.zip: a package of another exchange"
	# zip-slip: an entry that is a path
	for name in ../evil.csv /tmp/evil.csv 'a\evil.csv' sub/enc.csv; do
		mkzip slip.zip "$name=pkg/enc.csv" x.exchange.json=pkg/x.exchange.json
		run --separate-stderr ot olt decrypt -i slip.zip -o out.csv --private-key $rk
		assert_failure 1
		stderr_has "entry \"$name\" is a path, not a file name: refused"
		run --separate-stderr ot-decrypt --private-key $rk slip.zip
		assert_failure 1
		stderr_has "is a path, not a file name: refused"
	done
	[ ! -e ../evil.csv ] && [ ! -e /tmp/evil.csv ] && [ ! -e out.csv ]
	# no exchange config in it, two token entries
	mkzip none.zip enc.csv=pkg/enc.csv
	run --separate-stderr ot olt decrypt -i none.zip -o out.csv --private-key $rk
	assert_failure 1
	stderr_has "none.zip: no exchange config (.json) entry: not an OpenLinkToken package"
	mkzip two.zip a.csv=pkg/enc.csv b.csv=pkg/enc.csv x.exchange.json=pkg/x.exchange.json
	run --separate-stderr ot olt decrypt -i two.zip -o out.csv --private-key $rk
	assert_failure 1
	stderr_has "two token entries"
}

@test "olt: Parquet of a row group per row, as the reference writes packages, read in bounded memory" {
	exchange
	gen_people 2400 > people.csv
	hashed hashed.csv people.csv
	# 12,000 rows in as many row groups: a footer well past the window
	party sender ot olt encrypt -i ../hashed.csv -o ../rows.csv --exchange-config x.exchange.json
	ot-parquet write -r 1 -o rows.parquet rows.csv
	foot=$(tail -c 8 rows.parquet | head -c 4 | od -An -tu4 | tr -d ' ')
	[ "$foot" -gt $((4 << 20)) ]
	run /usr/bin/time -f '%M' ot olt decrypt -i rows.parquet -o rows-dec.csv \
	    --exchange-config receiver/x.exchange.json --private-key receiver/.openlinktoken/acme.private.pem
	assert_success
	[ "${lines[-1]}" -lt 65536 ]
	party receiver ot olt decrypt -i ../rows.csv -o ../rows-csv.csv --exchange-config x.exchange.json
	cmp rows-dec.csv rows-csv.csv
	assert_equal "$(wc -l < rows-dec.csv)" 12001
}

@test "olt: man/ot-olt.1's SYNOPSIS is ot olt --help's usage, and ot(1) and ot --help name it" {
	synopsis=$(MANWIDTH=200 mandoc -Tascii -O width=200 "$TOP/man/ot-olt.1" | sed 's/.\x08//g' |
	    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
	usage=$(ot olt --help | sed '/^$/,$d' | sed 's/^usage: //; s/^ *//' | tr -s ' \n' ' ' | sed 's/ $//')
	assert_equal "$usage" "$synopsis"
	run mandoc -Tlint -W warning "$TOP/man/ot-olt.1"
	assert_output ""
	ot --help | grep -q '^       ot olt command \[argument ...\]$'
	grep -q '^\.Xr ot-olt 1' "$TOP/man/ot.1"
	# each command's --help lists every option of its synopsis line
	for c in generate-key-pair initiate-exchange tokenize package encrypt decrypt; do
		line=$(ot olt --help | grep "^ *\(usage: \)\?ot olt $c ")
		for o in $(printf '%s\n' "$line" | grep -o -- '--[a-z-]*' | sort -u); do
			ot olt $c --help | grep -Eq -- "^  (-[a-z], )?$o(=[A-Z]+)? " ||
			    fail "ot olt $c: $o not in its --help"
		done
	done
}

@test "olt: a package ot writes opens, by jwcrypto and DuckDB or hyparquet, to tokenize's tokens" {
	need_node
	exchange
	{ gen_people 20; echo "id-21,Ann,Blank,1990-01-01,F,12345,"; } > sender/people.csv
	run party sender ot olt package -i people.csv --exchange-config x.exchange.json --ring-id r-9
	assert_success
	z=sender/people_packaged.zip
	assert_equal "$(unzip -Z1 $z)" "$(printf 'people_packaged.parquet\npeople_packaged.metadata.json\nx.exchange.json')"
	unzip -q -d pkg $z
	# the config in it: jwcrypto decrypts it for both recipients, and
	# both derive one transport key
	for k in sender/.openlinktoken/x.private.pem receiver/.openlinktoken/acme.private.pem; do
		"$OLT" config pkg/x.exchange.json $k > cfg.json
		python3 -c 'import json; print(json.load(open("cfg.json"))["transportKeyHex"])' >> keys.txt
	done
	assert_equal "$(sort -u keys.txt | wc -l)" 1
	# the sender's own default-mode tokens, the hash-only ones inside
	party sender ot olt tokenize -i people.csv -o ours.csv --exchange-config x.exchange.json
	for engine in duckdb hyparquet; do
		pq rows $engine pkg/people_packaged.parquet |
		    "$OLT" open pkg/x.exchange.json receiver/.openlinktoken/acme.private.pem json > got.csv
		cmp got.csv sender/ours.csv
	done
	# every token is olt.V1, blank rules' too (ppid 64 zeros), of ring r-9
	run ot-inspect $z
	assert_line --index 1 "  formats: 0 V1, 105 olt.V1, 0 legacy encrypted, 0 hash-only, 0 blank, 0 malformed"
	assert_line --partial "ring ids (kid): r-9 105"
	[ "$(grep -c ',0\{64\},id-21$' got.csv)" -ge 1 ]
	# the metadata names both secrets by their SHA-256
	python3 - pkg/people_packaged.metadata.json cfg.json <<-'PY'
	import hashlib, json, sys
	m, c = (json.load(open(f)) for f in sys.argv[1:])
	assert m["Version"] == "2.1.2" and m["TotalRows"] == 21, m
	assert m["HashingSecretHash"] == hashlib.sha256(b"HashingKey").hexdigest()
	assert m["EncryptionSecretHash"] == hashlib.sha256(bytes.fromhex(c["transportKeyHex"])).hexdigest()
	PY
	# the receiver matches its own tokens against the package as it is
	cp sender/people.csv receiver/people.csv
	party receiver ot olt tokenize -i people.csv -o mine.csv --exchange-config x.exchange.json
	run --separate-stderr party receiver ot-match --private-key .openlinktoken/acme.private.pem \
	    mine.csv ../$z
	assert_success
	assert_equal "${#lines[@]}" 22
	assert_line --index 1 --regexp '^(id-1),\1,T1;T2;T3;T4;T5$'
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | awk -F, '$1 != $2' | wc -l)" 0
}

@test "olt: tokenize's modes, and what the reference refuses together" {
	exchange
	cp "$TOP/sample/people.csv" sender/people.csv
	for c in "--mode demo --hash-record-ids:--mode demo cannot be combined with --hash-record-ids" \
	    "--mode demo --exchange-config x.exchange.json:--mode demo cannot be combined with --exchange-config" \
	    "--mode hash-only --private-key k.pem:--mode hash-only cannot be combined with --private-key" \
	    "--mode hash-only --hash-record-ids:--mode hash-only cannot be combined with --hash-record-ids"; do
		run --separate-stderr party sender ot olt tokenize -i people.csv ${c%%:*}
		assert_failure 1
		stderr_has "${c#*:}"
	done
	run --separate-stderr party sender ot olt tokenize -i people.csv -o t.zip
	assert_failure 1
	stderr_has "t.zip: not a .csv or .parquet output"
	run --separate-stderr party sender ot olt tokenize -i people.txt
	assert_failure 1
	# hash-only: the bare SHA-256 of each signature, warned about
	run --separate-stderr party sender ot olt tokenize -i people.csv -o h.csv --mode hash-only
	assert_success
	stderr_has "never share them"
	party sender ot olt tokenize -i people.csv -o d.csv --mode demo 2> /dev/null
	python3 - sender/h.csv sender/d.csv <<-'PY'
	import csv, hashlib, sys
	h, d = (list(csv.reader(open(f))) for f in sys.argv[1:])
	for a, b in zip(h[1:], d[1:]):
	    want = "0" * 64 if b[1] == "0" * 64 else hashlib.sha256(b[1].encode()).hexdigest()
	    assert a[1] == want and a[0] == b[0], (a, b)
	PY
	# the default config's name, today's, in the current directory
	run --separate-stderr party sender ot olt tokenize -i people.csv -o t.csv
	assert_failure 1
	stderr_has "openlinktoken-$(date +%F).exchange.json: no such exchange config"
	cp sender/x.exchange.json "sender/openlinktoken-$(date +%F).exchange.json"
	run party sender ot olt tokenize -i people.csv -o t.parquet
	assert_success
	[ -f sender/t.metadata.json ]
}
