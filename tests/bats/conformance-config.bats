#!/usr/bin/env bats
# OpenLinkToken 2.1.2's tokenization configs (olt tokenize --config), as
# its Python CLI ran them (../shared/conformance/olt-2.1: custom/ and the
# two upstream sample configs): the same token rows and metadata counts
# through ot olt, ot, the stages, on threads, from CSV and Parquet.

load helper

setup() {
	conformance_setup
	O=$CONF/olt-2.1
	K=$O/keys
	cp "$K/sender.private.pem" sender.pem
	cp "$K/receiver.private.pem" receiver.pem
	export HOME=$BATS_TEST_TMPDIR/home NO_PROGRESS=1
	mkdir -p "$HOME"
	# custom/ was made with the clock at 2026-11-24: one birth date
	# there is the day after, which a later clock takes for valid
	command -v faketime > /dev/null || skip "no faketime (scripts/install-deps)"
	# faketime preloads itself ahead of the sanitizer's runtime, which
	# ASan refuses unless told the order does not matter here
	AT=(env TZ=UTC ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 faketime '2026-11-24 12:00:00')
}

# The three vectors: NAME INPUT CONFIG VECTOR-PREFIX.
vectors() {
	echo "custom $O/custom/custom.csv $O/custom/custom-rules.yaml $O/custom/custom"
	echo "nonstandard $O/upstream/sample-nonstandard-input.csv $O/upstream/sample-custom-tokenization-config-nonstandard.yaml $O/tokenize/sample-nonstandard-input"
	echo "upstream $O/upstream/sample.csv $O/upstream/sample-custom-tokenization-config.yaml $O/tokenize/sample.upstream-config"
}

same_meta() {
	python3 "$TOP/tests/helpers/compare-metadata.py" "$1" "$2" || fail "$1: metadata differs from $2"
}

@test "conformance config: ot olt tokenize --config, every mode, is the reference's file and counts" {
	x=(--exchange-config "$K/exchange.json" --private-key sender.pem)
	vectors | while read -r name in cfg want; do
		for m in default hash-only demo; do
			[ -f "$want.$m.csv" ] || continue
			run --separate-stderr "${AT[@]}" ot olt tokenize -i "$in" -o $name.$m.csv --mode $m \
			    --config "$cfg" $([ $m = default ] && echo "${x[@]}")
			assert_success
			cmp $name.$m.csv "$want.$m.csv" || fail "$name $m: tokens differ"
			same_meta $name.$m.metadata.json "$want.$m.metadata.json"
		done
	done
	# the upstream config reproduces T1-T5: upstream's own hashed output
	cmp upstream.default.csv "$O/upstream/hashed-output.csv"
}

@test "conformance config: ot --config on one thread, on two, and as the stages, CSV and Parquet in and out" {
	vectors | while read -r name in cfg want; do
		ot-parquet write -o $name.parquet "$in"
		for how in "-j 1" "-j 2" --pipeline; do
			"${AT[@]}" ot $how --config "$cfg" -i "$in" -t csv -o a.csv --hash-only \
			    --hashing-secret-file hashing.key 2> /dev/null
			cmp a.csv "$want.default.csv" || fail "$name $how: tokens differ"
			same_meta a.metadata.json "$want.default.metadata.json"
			"${AT[@]}" ot $how --config "$cfg" -i $name.parquet -t parquet -ot csv -o p.csv \
			    --hash-only --hashing-secret-file hashing.key 2> /dev/null
			cmp p.csv "$want.default.csv" || fail "$name $how: tokens from Parquet differ"
			same_meta p.metadata.json "$want.default.metadata.json"
			"${AT[@]}" ot $how --config "$cfg" -i "$in" -t csv -ot parquet -o t.parquet \
			    --hash-only --hashing-secret-file hashing.key 2> /dev/null
			assert_equal "$(ot-parquet cat t.parquet)" "$(cat "$want.default.csv")"
			[ -f "$want.hash-only.csv" ] || continue
			"${AT[@]}" ot $how --config "$cfg" -i "$in" -t csv -o h.csv --sha256-only 2> /dev/null
			cmp h.csv "$want.hash-only.csv" || fail "$name $how: --sha256-only tokens differ"
			same_meta h.metadata.json "$want.hash-only.metadata.json"
		done
	done
}

@test "conformance config: the stages by hand, ot-normalize | ot-meta | ot-sign | ot-hash, each with --config" {
	vectors | while read -r name in cfg want; do
		"${AT[@]}" ot-normalize --config "$cfg" "$in" 2> /dev/null |
		    ot-meta --config "$cfg" -o m.json -k hashing.key |
		    ot-sign --config "$cfg" | ot-hash --compat 2.1 -k hashing.key > s.csv
		cmp s.csv "$want.default.csv" || fail "$name: the stages' tokens differ"
		same_meta m.json "$want.default.metadata.json"
	done
}

@test "conformance config: ot-sign --config's signatures are the reference's, a blank rule empty, as its signatures file has them" {
	"${AT[@]}" ot-normalize --config "$O/custom/custom-rules.yaml" "$O/custom/custom.csv" 2> /dev/null |
	    ot-sign --config "$O/custom/custom-rules.yaml" > sig.csv
	python3 - sig.csv "$O/custom/custom.signatures.csv" <<-'PY'
	import csv, sys
	got = [(r["RecordId"], r["RuleId"], r["Signature"]) for r in csv.DictReader(open(sys.argv[1]))]
	want = [(r["RecordId"], r["RuleId"], "" if r["Signature"] == "BLANK" else r["Signature"])
	        for r in csv.DictReader(open(sys.argv[2]))]
	assert got == want, [(g, w) for g, w in zip(got, want) if g != w][:5]
	PY
}

@test "conformance config: ot olt package --config opens to the default mode's tokens" {
	cp "$K/exchange.json" .
	run --separate-stderr "${AT[@]}" ot olt package -i "$O/custom/custom.csv" -o c.zip \
	    --config "$O/custom/custom-rules.yaml" --exchange-config exchange.json --private-key sender.pem
	assert_success
	unzip -p c.zip c.metadata.json > m.json
	python3 - m.json "$O/custom/custom.default.metadata.json" <<-'PY'
	import json, sys
	got, want = (json.load(open(f)) for f in sys.argv[1:])
	for k in ("TotalRows", "TotalRowsWithInvalidAttributes", "InvalidAttributesByType", "BlankTokensByRule"):
	    assert got[k] == want[k], (k, got[k], want[k])
	assert len(got["OtConfigHash"]) == 64 and "EncryptionSecretHash" in got
	PY
	run ot olt decrypt -i c.zip -o got.csv --private-key receiver.pem
	assert_success
	cmp got.csv "$O/custom/custom.default.csv"
}
