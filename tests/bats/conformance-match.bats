#!/usr/bin/env bats
# ot-match on the reference's overlap sample files, tokenized by ot with
# one secret, against an independent join (SQL in sqlite3).

load helper

setup() {
	conformance_setup
	for f in test_overlap1 test_overlap2; do
		ot-normalize "$CONF/upstream/$f.csv" 2>/dev/null | ot-sign |
		    ot-hash -k hashing.key 2>/dev/null > "$f.tok"
	done
}

# match OPTIONS...: ot-match and the oracle agree on the pairs (set and
# order) and on every number of the oracle's summary
match() {
	ot-match "$@" --summary got.json test_overlap1.tok test_overlap2.tok > got.csv
	python3 "$TOP/tests/helpers/match-oracle.py" test_overlap1.tok test_overlap2.tok \
	    want.csv want.json $(printf '%s\n' "$@" | grep -v -e '^-m$' -e '^[0-9]*M$')
	assert_equal "$(head -1 got.csv)" "RecordIdA,RecordIdB,Rules"
	sort got.csv | cmp - <(sort want.csv)
	python3 "$TOP/tests/helpers/summary-agrees.py" got.json want.json
	# pairs in the order of our records, as the first file holds them
	tail -n +2 test_overlap1.tok | cut -d, -f3 | uniq | awk '{ print $0 "," NR }' > rank.csv
	tail -n +2 got.csv | cut -d, -f1 | awk -F, 'NR == FNR { r[$1] = $2; next } { print r[$1] }' rank.csv - |
	    sort -n -c
}

@test "conformance match: every pair and every count, with no option" {
	match
	# and the numbers themselves, for the record
	run python3 -c 'import json; j = json.load(open("got.json")); print(j["Pairs"], j["Ours"]["MatchedRecords"], j["Theirs"]["MatchedRecords"], j["PairsByAgreeingRules"]["5"])'
	assert_output "1934 1868 1310 1859"
}

@test "conformance match: --rules, --min-rules and --one-to-one, alone and together" {
	for opts in "--rules T1,T3" "--rules T5" "--min-rules 3" "--min-rules 5" "--one-to-one" \
	    "--one-to-one --min-rules 2" "--one-to-one --rules T4,T5" "--rules T2,T4 --min-rules 2"; do
		match $opts
	done
}

@test "conformance match: partitioned on disk, and split again (-m 1M, 16K), gives the same bytes as in memory" {
	for m in 1M 16K; do
		for opts in "" --one-to-one; do
			ot-match -m $m $opts --summary disk.json test_overlap1.tok test_overlap2.tok > disk.csv
			ot-match $opts --summary mem.json test_overlap1.tok test_overlap2.tok > mem.csv
			cmp disk.csv mem.csv
			grep -q '"Partitioned": true' disk.json
			grep -q '"Partitioned": false' mem.json
			grep -q '"JoinPartitions": 256' mem.json
			diff <(grep -v -e Partitioned -e JoinPartitions disk.json) \
			    <(grep -v -e Partitioned -e JoinPartitions mem.json)
		done
	done
	# 16K splits partitions again by the next byte of the token
	[ "$(python3 -c 'import json; print(json.load(open("disk.json"))["Options"]["JoinPartitions"])')" -gt 256 ]
}

@test "conformance match: the receiver matches the partner's package against its own tokens, in one pipeline" {
	ot-keygen -o r > /dev/null
	ot-keygen -o s > /dev/null
	ot tokenize -i "$CONF/upstream/test_overlap2.csv" -t csv -o pkg.zip --sender-keypair-path s/keypair.pem \
	    --receiver-public-key r/public_key.pem 2>/dev/null
	ot tokenize -i "$CONF/upstream/test_overlap1.csv" -t csv -o ours.csv --hash-only \
	    --sender-keypair-path r/keypair.pem --receiver-public-key s/public_key.pem 2>/dev/null
	# the package read directly, nothing decrypted on disk
	ot-match --keypair r/keypair.pem ours.csv pkg.zip > direct.csv
	# and as a pipe from ot-decrypt
	ot-decrypt --keypair r/keypair.pem pkg.zip | ot-match ours.csv - > piped.csv
	cmp direct.csv piped.csv
	# the same pairs as the shared-secret tokens give
	ot-match test_overlap1.tok test_overlap2.tok > secret.csv
	cmp direct.csv secret.csv
}
