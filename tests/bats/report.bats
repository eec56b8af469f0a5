#!/usr/bin/env bats
# ot-report: the page a person reads, rendered by headless Chromium.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-for-the-tests' > h.key
	gen_people 300 > a.csv
	{ head -1 a.csv; tail -n +151 a.csv; gen_people 450 | tail -n +302 | sed 's/^id-/new-/'; } > b.csv
	for s in a b; do
		ot-normalize "$s.csv" 2>/dev/null | ot-meta -o "$s.json" -k h.key | ot-sign |
		    ot-hash -k h.key > "$s.tok"
	done
	ot-match --min-rules 2 --summary sum.json a.tok b.tok > pairs.csv
}

chrome() {	# chrome ARGS...: headless Chromium as this workplace runs it
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --user-data-dir="$BATS_TEST_TMPDIR/profile" "$@" 2>/dev/null
}

@test "ot-report: one self-contained page whose numbers are the JSON's, rendered by Chromium" {
	command -v chromium > /dev/null || skip "no chromium (scripts/install-deps installs it)"
	ot-report -o report.html sum.json a.json b.json
	# self-contained: no script, no link to anywhere
	[ "$(grep -ci -e '<script' -e 'src=' -e 'href=' -e 'http' report.html)" -eq 0 ]
	grep -q '<svg' report.html
	chrome --window-size=1000,1500 --screenshot="$PWD/shot.png" "file://$PWD/report.html"
	chrome --dump-dom "file://$PWD/report.html" > dom.html
	run python3 "$TOP/tests/helpers/check-report.py" shot.png dom.html sum.json a.json b.json
	assert_success
	# the headline, as words
	grep -q "151</b> of our <b data-k=\"summary.Ours.Records\">300</b> records (50.3%)" dom.html
	grep -q 'strongest, a national id with birth date' dom.html
}

@test "ot-report: without metadata, to standard output; a file that is not a summary is an error" {
	run --separate-stderr ot-report sum.json
	assert_success
	[[ "$output" == "<!DOCTYPE html>"* ]] || false
	[[ "$output" != *"The two token files"* ]] || false
	run --separate-stderr ot-report -o r.html a.json
	assert_failure 1
	assert_equal "$stderr" "ot-report: a.json: not an ot-match summary (no Ours)"
	[ ! -e r.html ]
	# and a page already there stays as it was
	echo old > r.html
	run ot-report -o r.html a.json
	assert_failure 1
	assert_equal "$(cat r.html)" old
	run ot-report
	assert_failure 2
}

@test "ot-report -o: a FIFO or a link to one is written into, never replaced; the output is no input" {
	mkfifo page.fifo
	ln -s page.fifo link
	for target in page.fifo link; do
		timeout 10 cat page.fifo > got.html &
		reader=$!
		run --separate-stderr ot-report -o "$target" sum.json a.json b.json
		assert_success
		wait "$reader"
		[ -p page.fifo ]
		[ -L link ]
		[[ "$(head -1 got.html)" == "<!DOCTYPE html>" ]] || false
		grep -q '</html>' got.html
	done
	[ "$(ls -A | grep -c '^page.fifo.')" -eq 0 ]
	cp sum.json keep.json
	run --separate-stderr ot-report -o sum.json sum.json
	assert_failure 2
	assert_equal "$stderr" "ot-report: sum.json: the output file is also an input"
	cmp sum.json keep.json
}

@test "ot-report: JSON of the wrong types is refused with a message, never a crash" {
	python3 - <<'PY'
import json
s, m = json.load(open("sum.json")), json.load(open("a.json"))
def put(name, base, **kv):
    j = dict(base); j.update(kv); json.dump(j, open(name, "w"))
put("s-rates.json", s, OverlapRateByRule=[1])
put("s-rate.json", s, OverlapRateByRule={"T1": [1]})
put("s-ours.json", s, Ours="all")
put("s-agree.json", s, PairsByAgreeingRules=[3, 2])
put("m-inv.json", m, InvalidAttributesByType=[1, 2])
put("m-blank.json", m, BlankTokensByRule="none")
put("m-key.json", m, HashingSecretHash=7)
json.dump([1], open("array.json", "w"))
# scalars of another type are shown as a dash
put("m-odd.json", m, TotalRows={"x": 1}, InvalidAttributesByType={"FirstName": [1]})
PY
	for bad in "s-rates.json:OverlapRateByRule is not an object" "s-rate.json:OverlapRateByRule.T1 is not an object" \
	    "s-ours.json:Ours is not an object" "s-agree.json:PairsByAgreeingRules is not an object" \
	    "array.json:not a JSON object"; do
		run --separate-stderr ot-report "${bad%%:*}" a.json b.json
		assert_failure 1
		assert_equal "$stderr" "ot-report: ${bad%%:*}: not an ot-match summary (${bad#*:})"
	done
	for bad in "m-inv.json:InvalidAttributesByType is not an object" "m-blank.json:BlankTokensByRule is not an object" \
	    "m-key.json:a key field is not a fingerprint" "array.json:not a JSON object"; do
		run --separate-stderr ot-report sum.json "${bad%%:*}" b.json
		assert_failure 1
		assert_equal "$stderr" "ot-report: ${bad%%:*}: not ot metadata (${bad#*:})"
		run --separate-stderr ot-report sum.json a.json "${bad%%:*}"
		assert_failure 1
	done
	run --separate-stderr ot-report sum.json m-odd.json b.json
	assert_success
	[[ "$output" == *'<td data-k="ours.TotalRows">&ndash;</td>'* ]] || false
	[[ "$output" == *'<td data-k="ours.InvalidAttributesByType.FirstName">&ndash;</td>'* ]] || false
}

@test "ot-report: says whether the two files were made with one secret or key pair" {
	printf 'Another-Hashing-Secret-0123456789' > other.key
	ot-normalize b.csv 2>/dev/null | ot-meta -o other.json -k other.key > /dev/null
	run ot-report sum.json a.json b.json
	assert_success
	assert_output --partial '<p class="ok">The keys agree: the two metadata files name the same hashing secret.</p>'
	run ot-report sum.json a.json other.json
	assert_success
	assert_output --partial '<p class="alert">The keys differ: no token of one file can be in the other, the two metadata files name different hashing secrets (HashingSecretHash '
	# a key exchange: the receiver's own tokens name the pair the other way round
	python3 - <<'PY'
import json
m = json.load(open("a.json")); m.pop("HashingSecretHash", None)
s, r, x = "1" * 64, "2" * 64, "3" * 64
for name, pair in (("kex-s.json", (s, r)), ("kex-r.json", (r, s)), ("kex-x.json", (x, s))):
    j = dict(m, KeyExchangeMethod="ECDH-P-384", Curve="P-384", SenderPublicKeyHash=pair[0], ReceiverPublicKeyHash=pair[1])
    json.dump(j, open(name, "w"))
PY
	run ot-report sum.json kex-r.json kex-s.json
	assert_output --partial '<p class="ok">The keys agree: the two metadata files name the same two public keys.</p>'
	run ot-report sum.json kex-r.json kex-x.json
	assert_output --partial '<p class="alert">The keys differ: no token of one file can be in the other, the two metadata files name different key pairs (ours 2222222222222222... and 1111111111111111..., theirs 3333333333333333... and 1111111111111111...).</p>'
	run ot-report sum.json kex-r.json a.json
	assert_output --partial 'name ours with a key exchange and theirs with a hashing secret.</p>'
	# without both metadata files: what ot-match found, if it compared them
	run ot-report sum.json
	assert_output --partial '<p class="key">The keys were not compared'
	cp a.json a.metadata.json
	cp b.json b.metadata.json
	ot-match --summary checked.json a.tok b.tok > /dev/null
	run ot-report checked.json
	assert_output --partial '<p class="ok">The keys agree: ot-match found the same hashing secret in the two files'"'"' metadata.</p>'
}
