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
	assert_equal "$stderr" "ot-report: a.json: not an ot-match summary"
	[ ! -e r.html ]
	run ot-report
	assert_failure 2
}
