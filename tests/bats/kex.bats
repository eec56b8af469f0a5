#!/usr/bin/env bats
# The key-exchange workflow on keys ot-keygen makes: key files, ECDH and
# HKDF checked against openssl, packages, and what must be refused.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\n' > people.csv
	tail -n +2 "$TOP/sample/people.csv" | cut -d, -f1-7 >> people.csv
}

keys() {	# keys CURVE: make s-CURVE/ and r-CURVE/ key pairs
	ot-keygen -c "$1" -o "s-$1" > /dev/null
	ot-keygen -c "$1" -o "r-$1" > /dev/null
}

hkdf() {	# hkdf ZHEX SALT INFO: 32 bytes of HKDF-SHA256, in hex, by openssl
	openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:"$1" \
	    -kdfopt salt:"$2" -kdfopt info:"$3" HKDF | tr -d ':\n' | tr 'A-F' 'a-f'
}

# a package of tokens for r-P-384, from s-P-384
package() {
	keys P-384
	ot tokenize -i people.csv -t csv -o pkg.zip --sender-keypair-path s-P-384/keypair.pem \
	    --receiver-public-key r-P-384/public_key.pem
}

# zip NAME... from files made by python's zipfile, for hand-made packages
mkzip() {
	python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for a in sys.argv[2:]:
        name, path = a.split("=", 1)
        # ZipInfo keeps the name as given, "/" first too
        z.writestr(zipfile.ZipInfo(name), open(path, "rb").read(), zipfile.ZIP_DEFLATED)' "$@"
}

@test "ot-keygen writes the reference's key files, private 0600, and prints the DER fingerprint" {
	for c in P-256 P-384 P-521; do
		run --separate-stderr ot-keygen -c "$c" -o "k/$c"
		assert_success
		assert_equal "$(stat -c %a "k/$c/keypair.pem")" 600
		assert_equal "$(stat -c %a "k/$c")" 700
		assert_equal "$(head -1 "k/$c/keypair.pem")" "-----BEGIN PRIVATE KEY-----"
		assert_equal "$(head -1 "k/$c/public_key.pem")" "-----BEGIN PUBLIC KEY-----"
		# the public key file is what openssl makes of the private key
		openssl pkey -in "k/$c/keypair.pem" -pubout | cmp - "k/$c/public_key.pem"
		# and the private key file what openssl writes as PKCS#8
		openssl pkey -in "k/$c/keypair.pem" | cmp - "k/$c/keypair.pem"
		openssl pkey -in "k/$c/keypair.pem" -noout -text | grep -q "NIST CURVE: $c"
		assert_equal "$output" "$(openssl pkey -pubin -in "k/$c/public_key.pem" -outform DER | sha256sum | cut -d' ' -f1)"
		assert_equal "$(ot-keygen -f "k/$c/keypair.pem")" "$output"
		assert_equal "$(ot-keygen -f "k/$c/public_key.pem")" "$output"
	done
	# the default curve is P-384, in the current directory
	mkdir here && cd here && ot-keygen > /dev/null
	openssl pkey -in keypair.pem -noout -text | grep -q "NIST CURVE: P-384"
	# the reference's curve names
	cd .. && ot-keygen -c secp256r1 -o a > /dev/null && ot-keygen -c ' p521 ' -o b > /dev/null
	openssl pkey -in a/keypair.pem -noout -text | grep -q "NIST CURVE: P-256"
	openssl pkey -in b/keypair.pem -noout -text | grep -q "NIST CURVE: P-521"
}

@test "on every curve, both secrets are HKDF-SHA256 of the ECDH secret, as openssl computes them" {
	ot-normalize people.csv 2>/dev/null | ot-sign > sig.csv
	for c in P-256 P-384 P-521; do
		keys "$c"
		z=$(openssl pkeyutl -derive -inkey "s-$c/keypair.pem" -peerkey "r-$c/public_key.pem" | xxd -p -c 200)
		case $c in P-256) n=64 ;; P-384) n=96 ;; P-521) n=132 ;; esac
		[ "${#z}" -eq "$n" ]
		hkdf "$z" HASHING OpenToken-Hash | xxd -r -p > h.raw
		hkdf "$z" ENCRYPTION OpenToken-Encrypt | xxd -r -p > e.raw
		[ "$(wc -c < h.raw)" -eq 32 ] && [ "$(wc -c < e.raw)" -eq 32 ]
		ot-hash --raw-key-files -k h.raw sig.csv > want.csv
		# the sender's side and the receiver's give the same tokens
		ot-hash --keypair "s-$c/keypair.pem" --peer-key "r-$c/public_key.pem" sig.csv | cmp - want.csv
		ot-hash --keypair "r-$c/keypair.pem" --peer-key "s-$c/public_key.pem" sig.csv | cmp - want.csv
		ot-encrypt --keypair "s-$c/keypair.pem" --peer-key "r-$c/public_key.pem" want.csv > enc.csv
		ot-decrypt --raw-key-files -k e.raw enc.csv | cmp - want.csv
		ot-decrypt --keypair "r-$c/keypair.pem" --peer-key "s-$c/public_key.pem" enc.csv | cmp - want.csv
		# blank tokens are encrypted too, and come back as 64 zeros
		[ "$(grep -c ',0\{64\},' want.csv)" -gt 0 ]
		[ "$(grep -c ',0\{64\},' enc.csv)" -eq 0 ]
	done
}

@test "private keys load as either reference writes them: SEC1, and PKCS#8 without the public key, alone in their directory" {
	keys P-384
	ot-normalize people.csv 2>/dev/null | ot-sign > sig.csv
	ot-hash --keypair s-P-384/keypair.pem --peer-key r-P-384/public_key.pem sig.csv > want.csv
	mkdir alone
	openssl ec -in s-P-384/keypair.pem -out alone/sec1.pem 2>/dev/null
	assert_equal "$(head -1 alone/sec1.pem)" "-----BEGIN EC PRIVATE KEY-----"
	# PKCS#8 as Java writes it: the SEC1 key holds only the scalar
	/usr/bin/python3 - s-P-384/keypair.pem alone/java.pem <<'PY'
import base64, sys
from cryptography.hazmat.primitives import serialization
k = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
d = k.private_numbers().private_value.to_bytes(48, "big")
def der(tag, body):
    n = len(body)
    return bytes([tag]) + (bytes([n]) if n < 128 else bytes([0x81, n])) + body
alg = der(0x30, bytes.fromhex("06072a8648ce3d0201") + bytes.fromhex("06052b81040022"))
ec = der(0x30, bytes.fromhex("020101") + der(0x04, d))
p8 = der(0x30, bytes.fromhex("020100") + alg + der(0x04, ec))
b = base64.b64encode(p8).decode()
open(sys.argv[2], "w").write("-----BEGIN PRIVATE KEY-----\n" + "\n".join(b[i:i+64] for i in range(0, len(b), 64)) + "\n-----END PRIVATE KEY-----\n")
PY
	chmod 600 alone/*.pem
	# no public key ([1]) inside its ECPrivateKey, unlike ot-keygen's
	off=$(openssl asn1parse -in alone/java.pem | awk -F: '/OCTET STRING/ { print $1 + 0; exit }')
	[ "$(openssl asn1parse -in alone/java.pem -strparse "$off" | grep -c 'cont \[ 1 \]')" -eq 0 ]
	off=$(openssl asn1parse -in s-P-384/keypair.pem | awk -F: '/OCTET STRING/ { print $1 + 0; exit }')
	[ "$(openssl asn1parse -in s-P-384/keypair.pem -strparse "$off" | grep -c 'cont \[ 1 \]')" -eq 1 ]
	for k in sec1 java; do
		ot-hash --keypair "alone/$k.pem" --peer-key r-P-384/public_key.pem sig.csv | cmp - want.csv
		assert_equal "$(ot-keygen -f "alone/$k.pem")" "$(ot-keygen -f s-P-384/public_key.pem)"
	done
}

@test "ot-meta records the key exchange; merge refuses shards of other key pairs" {
	keys P-256
	keys P-384
	ot-normalize people.csv 2>/dev/null > norm.csv
	ot-meta -o a.json --keypair s-P-256/keypair.pem --peer-key r-P-256/public_key.pem norm.csv > /dev/null
	run python3 -c 'import json; j = json.load(open("a.json")); print(list(j)[3:7], j["KeyExchangeMethod"], j["Curve"])'
	assert_output "['KeyExchangeMethod', 'Curve', 'SenderPublicKeyHash', 'ReceiverPublicKeyHash'] ECDH-P-256 P-256"
	grep -q "\"SenderPublicKeyHash\": \"$(ot-keygen -f s-P-256/public_key.pem)\"" a.json
	grep -q "\"ReceiverPublicKeyHash\": \"$(ot-keygen -f r-P-256/public_key.pem)\"" a.json
	[ "$(grep -c SecretHash a.json)" -eq 0 ]
	ot-meta -o b.json --keypair s-P-256/keypair.pem --peer-key r-P-256/public_key.pem norm.csv > /dev/null
	ot-meta merge a.json b.json | grep -q '"Curve": "P-256"'
	ot-meta -o c.json --keypair s-P-384/keypair.pem --peer-key r-P-384/public_key.pem norm.csv > /dev/null
	run --separate-stderr ot-meta merge a.json c.json
	assert_failure 1
	assert_equal "$stderr" "ot-meta: c.json: KeyExchangeMethod differs from a.json's"
	ot-meta -o d.json --keypair s-P-256/keypair.pem --peer-key s-P-256/public_key.pem norm.csv > /dev/null
	run --separate-stderr ot-meta merge a.json d.json
	assert_failure 1
	assert_equal "$stderr" "ot-meta: d.json: ReceiverPublicKeyHash differs from a.json's"
}

@test "key files: an existing file or a link is never written over, and nothing is left half made" {
	ot-keygen -o k > /dev/null
	cp k/keypair.pem before.pem
	run --separate-stderr ot-keygen -o k
	assert_failure 2
	assert_equal "$stderr" "ot-keygen: k/keypair.pem: exists; ot never overwrites a key (move it away or choose another directory)"
	cmp k/keypair.pem before.pem
	mkdir l
	ln -s ../victim.pem l/keypair.pem
	run --separate-stderr ot-keygen -o l
	assert_failure 2
	assert_equal "$stderr" "ot-keygen: l/keypair.pem: exists (a symbolic link); ot never writes a key through a link or over a file"
	[ ! -e victim.pem ]
	# an existing public key alone stops it too, and no private key stays
	mkdir p && : > p/public_key.pem
	run --separate-stderr ot-keygen -o p
	assert_failure 2
	assert_equal "$stderr" "ot-keygen: p/public_key.pem: exists; ot never overwrites a key (move it away or choose another directory)"
	[ ! -e p/keypair.pem ]
	run --separate-stderr ot-keygen -c P-999
	assert_failure 2
	assert_equal "$stderr" "ot-keygen: P-999: not a curve ot knows (P-256, P-384 or P-521)"
}

@test "bad keys are usage errors naming the file: curves, kinds, malformed PEM, half a pair" {
	keys P-256
	keys P-384
	printf 'RuleId,Signature,RecordId\nT1,A|B,r1\n' > sig.csv
	run --separate-stderr ot-hash --keypair s-P-256/keypair.pem --peer-key r-P-384/public_key.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: s-P-256/keypair.pem is a P-256 key but r-P-384/public_key.pem is a P-384 key: both must be on one curve"
	run --separate-stderr ot-hash --keypair r-P-384/public_key.pem --peer-key s-P-384/public_key.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: r-P-384/public_key.pem: is a public key, where a private key (keypair.pem) is expected"
	run --separate-stderr ot-hash --keypair s-P-384/keypair.pem --peer-key r-P-384/keypair.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: r-P-384/keypair.pem: is a private key, where a public key (public_key.pem) is expected: never send or ask for a private key"
	{ head -2 s-P-384/keypair.pem; tail -1 s-P-384/keypair.pem; } > cut.pem
	chmod 600 cut.pem
	run --separate-stderr ot-hash --keypair cut.pem --peer-key r-P-384/public_key.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: cut.pem: malformed private key"
	sed '2,3s/[A-M]/x/g' r-P-384/public_key.pem > bad.pem
	run --separate-stderr ot-hash --keypair s-P-384/keypair.pem --peer-key bad.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: bad.pem: malformed public key"
	printf 'not a key\n' > text.pem
	run --separate-stderr ot-encrypt --keypair s-P-384/keypair.pem --peer-key text.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" 'ot-encrypt: text.pem: not a PEM public key ("PUBLIC KEY")'
	# an RSA key is no EC key
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa.pem 2>/dev/null
	run --separate-stderr ot-hash --keypair rsa.pem --peer-key r-P-384/public_key.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: rsa.pem: not a key on P-256, P-384 or P-521"
	run --separate-stderr ot-hash --keypair s-P-384/keypair.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: --keypair needs --peer-key, the partner's public key"
	printf 'HashingKey-for-the-tests' > h.key
	run --separate-stderr ot-hash -k h.key --keypair s-P-384/keypair.pem --peer-key r-P-384/public_key.pem sig.csv
	assert_failure 2
	assert_equal "$stderr" "ot-hash: -k and --keypair/--peer-key both give the secret: give one"
	# a private key others can read draws a warning
	chmod 644 s-P-384/keypair.pem
	run --separate-stderr ot-hash --keypair s-P-384/keypair.pem --peer-key r-P-384/public_key.pem sig.csv
	assert_success
	assert_equal "$stderr" "ot-hash: warning: private key file s-P-384/keypair.pem is readable by other users (mode 644): chmod 600 it"
}

@test "a package for another receiver is refused before anything is decrypted" {
	package
	ot-keygen -o other > /dev/null
	run --separate-stderr ot decrypt -i pkg.zip -t csv -o out.csv --receiver-keypair-path other/keypair.pem
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: pkg.zip: this package is for another receiver: it names the receiver key $(ot-keygen -f r-P-384/public_key.pem), and yours is $(ot-keygen -f other/public_key.pem)"
	[ ! -e out.csv ]
	run --separate-stderr ot-decrypt --keypair other/keypair.pem pkg.zip
	assert_failure 1
	assert_output ""
	# given too, --peer-key must be the package's sender
	run --separate-stderr ot-decrypt --keypair r-P-384/keypair.pem --peer-key other/public_key.pem pkg.zip
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: pkg.zip: made by the sender key $(ot-keygen -f s-P-384/public_key.pem) (its sender_public_key.pem), not by $(ot-keygen -f other/public_key.pem) (--peer-key other/public_key.pem): from another sender, or that key is not theirs"
	# the right key decrypts it
	ot decrypt -i pkg.zip -t csv -o out.csv --receiver-keypair-path r-P-384/keypair.pem
	[ "$(wc -l < out.csv)" -eq $(( 5 * ($(wc -l < people.csv) - 1) + 1 )) ]
}

@test "tampered, truncated and hand-made packages are refused, and nothing leaves the private directory" {
	package
	unzip -q pkg.zip -d parts
	tmp=$BATS_TEST_TMPDIR/tmp
	mkdir "$tmp"
	export TMPDIR=$tmp
	# a byte of the tokens changed
	python3 -c 'import sys
b = bytearray(open("pkg.zip", "rb").read())
b[30 + len("pkg_temp.csv") + 100] ^= 0x55
open("tampered.zip", "wb").write(b)'
	run --separate-stderr ot-decrypt --keypair r-P-384/keypair.pem tampered.zip
	assert_failure 1
	[[ "$stderr" == "ot-decrypt: tampered.zip: entry pkg_temp.csv: "* ]]
	assert_output ""
	# truncated
	head -c 2000 pkg.zip > short.zip
	run --separate-stderr ot-decrypt --keypair r-P-384/keypair.pem short.zip
	assert_failure 1
	[[ "$stderr" == "ot-decrypt: short.zip: not a readable ZIP package: "* ]]
	# no sender key
	mkzip nokey.zip pkg_temp.csv=parts/pkg_temp.csv pkg_temp.metadata.json=parts/pkg_temp.metadata.json
	run --separate-stderr ot-decrypt --keypair r-P-384/keypair.pem nokey.zip
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: nokey.zip: no sender_public_key.pem entry: not a token package"
	# another sender key than the metadata names
	ot-keygen -o mallory > /dev/null
	mkzip swapped.zip pkg_temp.csv=parts/pkg_temp.csv pkg_temp.metadata.json=parts/pkg_temp.metadata.json \
	    sender_public_key.pem=mallory/public_key.pem
	run --separate-stderr ot-decrypt --keypair r-P-384/keypair.pem swapped.zip
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: swapped.zip: tampered package: sender_public_key.pem is not the sender key its metadata names"
	# zip-slip names
	for name in ../evil.csv /tmp/evil.csv sub/evil.csv 'a\..\evil.csv'; do
		mkzip slip.zip "$name=parts/pkg_temp.csv" pkg_temp.metadata.json=parts/pkg_temp.metadata.json \
		    sender_public_key.pem=parts/sender_public_key.pem
		run --separate-stderr ot-decrypt --keypair r-P-384/keypair.pem slip.zip
		assert_failure 1
		assert_equal "$stderr" "ot-decrypt: slip.zip: entry \"$name\" is a path, not a file name: refused"
	done
	[ ! -e evil.csv ] && [ ! -e /tmp/evil.csv ] && [ ! -e "$tmp/../evil.csv" ]
	# no private directory is left behind, after success or failure
	ot-decrypt --keypair r-P-384/keypair.pem pkg.zip > /dev/null
	assert_equal "$(ls "$tmp")" ""
}

@test "ot tokenize needs its sender key pair, or --generate-sender-keypair to make one" {
	keys P-384
	run --separate-stderr env HOME="$BATS_TEST_TMPDIR/home" ot tokenize -i people.csv -t csv -o t.csv \
	    --receiver-public-key r-P-384/public_key.pem
	assert_failure 2
	assert_equal "$stderr" "ot: $BATS_TEST_TMPDIR/home/.opentoken/keypair.pem: no sender key pair there: make one with \"ot generate-keypair\", name yours with --sender-keypair-path, or add --generate-sender-keypair"
	[ ! -e t.csv ]
	mkdir me
	run --separate-stderr ot tokenize -i people.csv -t csv -o t.csv --receiver-public-key r-P-384/public_key.pem \
	    --sender-keypair-path me/mine.pem --generate-sender-keypair
	assert_success
	assert_equal "$stderr" "ot: made the sender key pair me/mine.pem and me/public_key.pem"
	grep -q "\"SenderPublicKeyHash\": \"$(ot-keygen -f me/public_key.pem)\"" t.metadata.json
	# a curve named must be the keys'
	run --separate-stderr ot tokenize -i people.csv -t csv -o t2.csv --receiver-public-key r-P-384/public_key.pem \
	    --sender-keypair-path s-P-384/keypair.pem --ecdh-curve P-256
	assert_failure 2
	assert_equal "$stderr" "ot: s-P-384/keypair.pem is a P-384 key, not P-256 (--ecdh-curve)"
	# generate-keypair defaults to ~/.opentoken and never overwrites
	HOME=$BATS_TEST_TMPDIR/home ot generate-keypair > fp.txt
	assert_equal "$(cat fp.txt)" "$(ot-keygen -f home/.opentoken/public_key.pem)"
	run env HOME="$BATS_TEST_TMPDIR/home" ot generate-keypair --ecdh-curve P-521
	assert_failure 2
	# a token file (not a package) needs the sender's public key
	run --separate-stderr ot decrypt -i t.csv -t csv -o d.csv --receiver-keypair-path r-P-384/keypair.pem
	assert_failure 2
	assert_equal "$stderr" "ot: t.csv is not a package (.zip): give the sender's public key with --sender-public-key"
	ot decrypt -i t.csv -t csv -o d.csv --receiver-keypair-path r-P-384/keypair.pem --sender-public-key me/public_key.pem
	[ "$(grep -c ',0\{64\},' d.csv)" -gt 0 ]
}

@test "decrypting: spaces around a token are ignored, and ot writes RuleId,Token,RecordId" {
	printf 'HashingKey-for-the-tests' > h.key
	printf 'Secret-Encryption-Key-Goes-Here.' > e.key
	ot-normalize people.csv 2>/dev/null | ot-sign | ot-hash -k h.key > tok.csv
	ot-encrypt -k e.key tok.csv > enc.csv
	# the Java CLI trims a token before decrypting it
	sed 's/^\(T[1-5]\),\([^,]*\),/\1,  \2 ,/' enc.csv > padded.csv
	grep -q '^T1,  [^ ]* ,' padded.csv
	ot-decrypt -k e.key padded.csv | cmp - tok.csv
	# the columns in another order: the stage keeps it, ot does not
	awk -F, -v OFS=, '{ print $3, $2, $1 }' enc.csv > reordered.csv
	ot-decrypt -k e.key reordered.csv | head -1 | grep -qx 'RecordId,Token,RuleId'
	ot-decrypt -k e.key --token-columns reordered.csv | cmp - tok.csv
	ot -d -i reordered.csv -t csv -o dec.csv --encryption-key-file e.key
	cmp dec.csv tok.csv
	# with a column more, too
	awk -F, -v OFS=, '{ print (NR == 1 ? "Note" : "x"), $0 }' enc.csv > extra.csv
	ot -d -i extra.csv -t csv -o dec2.csv --encryption-key-file e.key
	cmp dec2.csv tok.csv
}
