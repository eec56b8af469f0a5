#!/usr/bin/env bats
# OpenLinkToken 2.1.2's exchange config and packages, as its Python CLI
# made them (../shared/conformance/olt-2.1): ot derives what the
# reference derives, with either party's key, and decrypts every package
# form to the hash-only tokens.

load helper

setup() {
	need_shared
	cd "$BATS_TEST_TMPDIR"
	O=$CONF/olt-2.1
	K=$O/keys
	P=$O/package
	# the vectors' keys are world-readable files: private copies
	cp "$K/sender.private.pem" sender.pem
	cp "$K/receiver.private.pem" receiver.pem
	# no key of ~/.openlinktoken is ever found by accident
	export HOME=$BATS_TEST_TMPDIR/home NO_PROGRESS=1
	mkdir -p "$HOME"
}

@test "conformance olt: each side opens exchange.json to what the reference derives" {
	for side in sender receiver; do
		run --separate-stderr ot-inspect --json --exchange-config "$K/exchange.json" --private-key $side.pem
		assert_success
		printf '%s\n' "$output" > got.json
		python3 - got.json "$K/exchange.derived.$side.json" <<-'PY'
		import json, sys
		got, want = (json.load(open(f)) for f in sys.argv[1:])
		payload = dict(want["payload"])
		del payload["hashingSecret"]		# never shown
		assert got["payload"] == payload, (got["payload"], payload)
		for k in ("role", "hkdf", "hashingSecretSha256", "transportKeySha256"):
		    assert got[k] == want[k], (k, got[k], want[k])
		assert [r["kid"] for r in got["recipients"]] == [
		    "sha256:" + payload[f].lower().replace(":", "-")
		    for f in ("senderKeyFingerprint", "recipientKeyFingerprint")]
		PY
	done
	# without a key: the envelope only, and no secret's hash
	run --separate-stderr ot-inspect --exchange-config "$K/exchange.json"
	assert_success
	assert_line --index 1 --partial "recipient 1 (the sender): sha256:4c-44-7e-f9"
	refute_output --partial "HashingSecretHash"
}

@test "conformance olt: ot olt decrypt, with either side's key, of every package form" {
	unzip -q "$P/sample_packaged.zip" sample_packaged.parquet
	for side in sender receiver; do
		# the ZIP itself, with its own exchange config
		run ot olt decrypt -i "$P/sample_packaged.zip" -o zip-$side.csv --private-key $side.pem
		assert_success
		cmp zip-$side.csv "$P/sample_packaged.decrypted.csv"
		# the extracted Parquet file, the CSV package, encrypt's output
		for f in "sample_packaged.parquet:$P/sample_packaged" \
		    "$P/sample.package.csv:$P/sample.package" \
		    "$P/sample.encrypt.csv:$P/sample.encrypt"; do
			run ot olt decrypt -i "${f%%:*}" -o out-$side.csv \
			    --exchange-config "$K/exchange.json" --private-key $side.pem
			assert_success
			cmp out-$side.csv "${f#*:}.decrypted.csv"
		done
		run ot olt decrypt -i "$P/sample.encrypt.zip" -o enczip-$side.csv --private-key $side.pem
		assert_success
		cmp enczip-$side.csv "$P/sample.encrypt.decrypted.csv"
	done
	# every decrypted form is upstream's hash-only file
	cmp zip-sender.csv "$O/upstream/hashed-output.csv"
}

@test "conformance olt: the stages and ot-match read the reference's packages too" {
	for side in sender receiver; do
		run ot-decrypt --private-key $side.pem "$P/sample_packaged.zip"
		assert_success
		assert_output "$(cat "$P/sample_packaged.decrypted.csv")"
		run ot-decrypt --exchange-config "$K/exchange.json" --private-key $side.pem \
		    --output-type parquet -o enc.parquet "$P/sample.encrypt.csv"
		assert_success
		assert_equal "$(ot-parquet cat enc.parquet)" "$(cat "$P/sample.encrypt.decrypted.csv")"
	done
	# the library's raw-key tokens: any 32-byte key opens olt.V1 tokens
	printf 'Secret-Encryption-Key-Goes-Here.' > raw.key
	run ot-decrypt --raw-key-files -k raw.key "$P/sample.rawkey.csv"
	assert_success
	assert_output "$(cat "$P/sample.rawkey.decrypted.csv")"
	# the receiver's own hash-only tokens against the sender's package
	run --separate-stderr ot-match --private-key receiver.pem --summary s.json \
	    "$O/tokenize/sample.default.csv" "$P/sample_packaged.zip"
	assert_success
	python3 -c 'import json
s = json.load(open("s.json"))
assert s["Ours"]["MatchedRecords"] == s["Theirs"]["MatchedRecords"] == 105, s
assert s["Pairs"] == 115, s'
}

@test "conformance olt: ot-inspect tells the reference's olt.V1 tokens without a key" {
	run ot-inspect "$P/sample_packaged.zip" "$P/sample.encrypt.csv"
	assert_success
	assert_line --index 0 "$P/sample_packaged.zip:sample_packaged.parquet: 525 tokens"
	assert_line --index 1 "  formats: 0 V1, 525 olt.V1, 0 legacy encrypted, 0 hash-only, 0 blank, 0 malformed"
	assert_line --index 5 "  ring ids (kid): 9056c7f0-34d1-43a4-8f87-98ee46b5a85f 525"
	assert_line --index 8 "  formats: 0 V1, 495 olt.V1, 0 legacy encrypted, 0 hash-only, 30 blank, 0 malformed"
}

@test "conformance olt: the independent checker opens the reference's own tokens (it is a fair judge)" {
	for f in sample.package sample.encrypt; do
		"$TOP/tests/helpers/olt.py" open "$K/exchange.json" receiver.pem < "$P/$f.csv" > got.csv
		cmp got.csv "$P/$f.decrypted.csv"
	done
	"$TOP/tests/helpers/olt.py" config "$K/exchange.json" sender.pem > cfg.json
	python3 -c 'import json, sys
got, want = json.load(open("cfg.json")), json.load(open(sys.argv[1]))
assert got["transportKeyHex"] == want["transportKeyHex"] and got["role"] == "sender"' "$K/exchange.derived.sender.json"
}

@test "conformance olt: ot olt tokenize of every upstream input, each mode, is the reference's file" {
	cfg=(--exchange-config "$K/exchange.json" --private-key sender.pem)
	for f in "$O/upstream/sample.csv" "$O"/upstream/mockdata/*.csv "$O/names/names.csv" "$O/ssn/ssn.csv"; do
		b=$(basename "$f" .csv)
		for m in default hash-only demo; do
			want=$(ls "$O"/*/"$b.$m.csv" "$O"/*/"$b.$m.csv.gz" 2>/dev/null | head -1)
			[ -n "$want" ] || continue
			run --separate-stderr ot olt tokenize -i "$f" -o "$b.$m.csv" --mode $m \
			    $([ $m = default ] && echo "${cfg[@]}")
			assert_success
			if [[ $want == *.gz ]]; then zcat "$want" | cmp - "$b.$m.csv"; else cmp "$want" "$b.$m.csv"; fi
		done
	done
	# the sample, by default, is upstream's own hashed-output.csv
	cmp sample.default.csv "$O/upstream/hashed-output.csv"
	# its metadata's counts and hash, and none in the keyless modes
	python3 - sample.default.metadata.json "$O/tokenize/sample.default.metadata.json" \
	    sample.hash-only.metadata.json <<-'PY'
	import json, sys
	got, want, keyless = (json.load(open(f)) for f in sys.argv[1:])
	for k in ("Version", "HashingSecretHash", "TotalRows", "TotalRowsWithInvalidAttributes",
	          "InvalidAttributesByType", "BlankTokensByRule"):
	    assert got[k] == want[k], (k, got[k], want[k])
	assert "HashingSecretHash" not in keyless and "EncryptionSecretHash" not in keyless
	PY
	# --hash-record-ids, and the default output's name beside the input
	cp "$O/upstream/sample.csv" .
	run ot olt tokenize -i sample.csv --hash-record-ids "${cfg[@]}"
	assert_success
	cmp sample_tokenized.csv "$O/tokenize/sample.default.hash-record-ids.csv"
	[ -f sample_tokenized.metadata.json ]
}

@test "conformance olt: ot olt package of the sample opens to the reference's tokens and metadata" {
	cp "$K/exchange.json" .
	cfg=(--exchange-config exchange.json --private-key sender.pem)
	run ot olt package -i "$O/upstream/sample.csv" -o sample_packaged.zip "${cfg[@]}" \
	    --ring-id 9056c7f0-34d1-43a4-8f87-98ee46b5a85f
	assert_success
	assert_equal "$(unzip -Z1 sample_packaged.zip)" "$(unzip -Z1 "$P/sample_packaged.zip")"
	unzip -p sample_packaged.zip exchange.json | cmp - "$K/exchange.json"
	run ot olt decrypt -i sample_packaged.zip -o got.csv --private-key receiver.pem
	assert_success
	cmp got.csv "$P/sample_packaged.decrypted.csv"
	# the metadata entry: the reference's, field for field
	unzip -p sample_packaged.zip sample_packaged.metadata.json > got.json
	python3 - got.json "$P/sample.package.metadata.json" <<-'PY'
	import json, sys
	got, want = (json.load(open(f)) for f in sys.argv[1:])
	for k in ("PythonVersion", "Platform"):
	    del want[k]
	for k in want:
	    assert got[k] == want[k], (k, got.get(k), want[k])
	PY
	# the CSV form, with its metadata beside it
	run ot olt package -i "$O/upstream/sample.csv" -o p.csv "${cfg[@]}"
	assert_success
	[ -f p.metadata.json ]
	run ot olt decrypt -i p.csv -o p-dec.csv "${cfg[@]/sender/receiver}"
	assert_success
	cmp p-dec.csv "$P/sample.package.decrypted.csv"
}
