#!/usr/bin/env bats
# ot-match on hand-made token files: the output's form, keys, and what it
# must refuse.

load helper

B=0000000000000000000000000000000000000000000000000000000000000000

tok() {	# tok N: a hash-only token, the base64 of 32 bytes made of N
	printf '%032d' "$1" | base64
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	{
		echo RuleId,Token,RecordId
		echo "T1,$(tok 1),a1"; echo "T2,$(tok 2),a1"; echo "T3,$B,a1"
		echo "T1,$(tok 5),a2"; echo "T2,$(tok 6),a2"; echo "T3,$(tok 7),a2"
		echo "T1,$B,a3"; echo "T2,$B,a3"; echo "T3,$B,a3"
		echo "T1,$(tok 1),a4"; echo "T2,$(tok 9),a4"; echo "T3,$(tok 10),a4"
		echo "T1,$B,a5"; echo "T2,$B,a5"; echo "T3,$(tok 10),a5"
		echo "T1,$(tok 20),a6"; echo "T2,$B,a6"; echo "T3,$B,a6"
	} > ours.csv
	{
		echo RecordId,RuleId,Token,Note
		echo "b1,T1,$(tok 5),x"; echo "b1,T2,$(tok 6),x"; echo "b1,T3,$(tok 7),x"
		echo "b2,T1,$(tok 1),x"; echo "b2,T2,$(tok 2),x"; echo "b2,T3,$(tok 99),x"
		echo "\"b,3\",T1,$B,x"; echo "\"b,3\",T2,$B,x"; echo "\"b,3\",T3,$(tok 10),x"
		echo "b4,T1,$(tok 20),x"; echo "b4,T2,$B,x"; echo "b4,T3,$B,x"
		echo "b5,T1,$(tok 20),x"; echo "b5,T2,$B,x"; echo "b5,T3,$B,x"
	} > theirs.csv
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
}

@test "ot-match: one line per pair, rules in name order, our records' order, ids quoted as CSV" {
	run --separate-stderr ot-match ours.csv theirs.csv
	assert_success
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a1,b2,T1\;T2 a2,b1,T1\;T2\;T3 a4,b2,T1 \
	    'a4,"b,3",T3' 'a5,"b,3",T3' a6,b4,T1 a6,b5,T1)"
	run ot-match --min-rules 2 ours.csv theirs.csv
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a1,b2,T1\;T2 a2,b1,T1\;T2\;T3)"
	run ot-match --rules T3 ours.csv theirs.csv
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a2,b1,T3 'a4,"b,3",T3' 'a5,"b,3",T3')"
	# a1 and b2 are each other's best (2 rules): kept.  a4's pair with
	# b2 is passed over, b2 having a better partner; "b,3" has two equally
	# good ones (a4, a5): ambiguous on their side; a6 has two (b4, b5):
	# ambiguous on ours.  None of these is chosen at random.
	run --separate-stderr ot-match --one-to-one -v --summary s.json ours.csv theirs.csv
	assert_output "$(printf '%s\n' RecordIdA,RecordIdB,Rules a1,b2,T1\;T2 a2,b1,T1\;T2\;T3)"
	[[ "$stderr" == *"ot-match: ambiguous: our record a6 has 2 equally good partners"* ]] || false
	run python3 -c 'import json; j = json.load(open("s.json")); o, t = j["Ours"], j["Theirs"]; print(o["AmbiguousRecords"], t["AmbiguousRecords"], o["Records"], o["RecordsWithTokens"], o["TokenCollisions"], t["TokenCollisions"], j["OverlapRateByRule"]["T1"], j["Pairs"])'
	assert_output "1 1 6 5 2 1 {'Ours': 1.0, 'Theirs': 1.0} 2"
	# the oracle agrees
	python3 "$TOP/tests/helpers/match-oracle.py" ours.csv theirs.csv want.csv want.json --one-to-one
	ot-match --one-to-one ours.csv theirs.csv | cmp - want.csv
}

@test "ot-match: encrypted tokens are decrypted as they are read, given the key; either input may be standard input" {
	ot-encrypt -k enc.key theirs.csv > theirs.enc
	ot-match ours.csv theirs.csv > want.csv
	run --separate-stderr ot-match ours.csv theirs.enc
	assert_failure 1
	assert_equal "$stderr" "ot-match: theirs.enc:2: not a hash-only token (44 base64 characters): decrypt it first, or give the key"
	ot-match -k enc.key ours.csv theirs.enc | cmp - want.csv
	ot-match -k enc.key ours.csv - < theirs.enc | cmp - want.csv
	ot-match - theirs.csv < ours.csv | cmp - want.csv
	printf 'Another-Encryption-Key-32-bytes.' > wrong.key
	run --separate-stderr ot-match -k wrong.key ours.csv theirs.enc
	assert_failure 1
	assert_equal "$stderr" "ot-match: theirs.enc:2: token fails authentication (wrong key or altered token)"
	run ot-match - - < ours.csv
	assert_failure 2
}

@test "ot-match: not a token stream, other RuleIds, bad tokens and bad options are clear errors" {
	printf 'RecordId,FirstName\nr1,Ann\n' > people.csv
	run --separate-stderr ot-match people.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: people.csv:1: no RuleId column: not a token stream (RuleId,Token,RecordId)"
	sed 's/^T3,/T9,/' ours.csv > t9.csv
	run --separate-stderr ot-match t9.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: t9.csv has RuleId T9 and theirs.csv has not: tokens of different rules"
	sed '3s/,[^,]*,a1$/,c2hvcnQ=,a1/' ours.csv > short.csv
	run --separate-stderr ot-match short.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: short.csv:3: not a hash-only token (44 base64 characters): decrypt it first, or give the key"
	sed '2s/,\([^,]*\)\(.\),a1$/,\1!,a1/' ours.csv > bad64.csv
	run --separate-stderr ot-match bad64.csv theirs.csv
	assert_failure 1
	printf 'RuleId,Token,RecordId\nT1,%s\n' "$(tok 1)" > ragged.csv
	run --separate-stderr ot-match ragged.csv theirs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: ragged.csv:2: 2 fields where the header has 3"
	run --separate-stderr ot-match --rules T7 ours.csv theirs.csv
	assert_failure 2
	assert_equal "$stderr" "ot-match: --rules: neither file has RuleId T7"
	for bad in "--min-rules 0" "--min-rules x" "-m 10" "-m 5Q"; do
		run ot-match $bad ours.csv theirs.csv
		assert_failure 2
	done
	run ot-match ours.csv
	assert_failure 2
}

@test "ot-match: temporary files are private, unlinked at once, and an unwritable place is an error" {
	awk -v n=20000 'BEGIN { print "RuleId,Token,RecordId"
		for (i = 0; i < n; i++) for (r = 1; r <= 5; r++)
			printf "T%d,%042d0=,r%d\n", r, i * 5 + r, i }' > big.csv
	mkdir tmp
	TMPDIR=$PWD/tmp ot-match -m 1M --summary s.json big.csv big.csv > pairs.csv
	grep -q '"Partitioned": true' s.json
	[ "$(wc -l < pairs.csv)" -eq 20001 ]
	assert_equal "$(ls -A tmp)" ""
	# stopped half way, it leaves nothing either
	mkfifo slow
	TMPDIR=$PWD/tmp ot-match -m 1M big.csv slow > /dev/null &
	pid=$!
	{ head -50000 big.csv; sleep 1; } > slow &
	sleep 0.5
	kill -TERM "$pid"
	wait "$pid" || true
	assert_equal "$(ls -A tmp)" ""
	run --separate-stderr env TMPDIR=$PWD/nowhere ot-match -m 1M big.csv big.csv
	assert_failure 1
	[[ "$stderr" == "ot-match: temporary file in $PWD/nowhere: No such file or directory" ]] || false
}

@test "ot-match: a token spelled in non-canonical base64 is refused, as a string comparison would never join it" {
	# the same 32 bytes as tok 1, the last character's unused bits set
	odd=$(python3 -c 'import base64, sys; a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"; t = sys.argv[1]; print(t[:42] + a[a.index(t[42]) | 1] + "=")' "$(tok 1)")
	[ "$odd" != "$(tok 1)" ]
	[ "$(printf '%s' "$odd" | base64 -d | xxd -p)" = "$(printf '%s' "$(tok 1)" | base64 -d | xxd -p)" ]
	printf 'RuleId,Token,RecordId\nT1,%s,x1\nT2,%s,x1\nT3,%s,x1\n' "$odd" "$(tok 51)" "$(tok 52)" > odd.csv
	run --separate-stderr ot-match ours.csv odd.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: odd.csv:2: not canonical base64 (bits set past the token's 32 bytes): not a token ot or the reference writes"
	assert_output ""
	# nor does a key that decrypts to one make it a token
	ot-encrypt -k enc.key odd.csv > odd.enc
	run --separate-stderr ot-match -k enc.key ours.csv odd.enc
	assert_failure 1
	assert_equal "$stderr" "ot-match: odd.enc:2: not canonical base64 (bits set past the token's 32 bytes): not a token ot or the reference writes"
	# nor a V1 token whose ppid is one
	ot-encrypt --format v1 --ring-id r -k enc.key odd.csv > odd.v1 2> /dev/null
	run --separate-stderr ot-match -k enc.key ours.csv odd.v1
	assert_failure 1
	assert_equal "$stderr" "ot-match: odd.v1:2: not canonical base64 (bits set past the token's 32 bytes): not a token ot or the reference writes"
	# a 64-byte MAC's token holds four unused bits in its last character
	long=$(printf '%064d' 1 | base64 -w0)
	odd=$(python3 -c 'import sys; a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"; t = sys.argv[1]; print(t[:85] + a[a.index(t[85]) | 1] + "==")' "$long")
	printf 'RuleId,Token,RecordId\nT1,%s,x1\n' "$long" > long.csv
	printf 'RuleId,Token,RecordId\nT1,%s,x1\n' "$odd" > odd512.csv
	run ot-match --hash-alg SHA-512 --mac-alg HS512 long.csv long.csv
	assert_success
	assert_output "$(printf 'RecordIdA,RecordIdB,Rules\nx1,x1,T1')"
	run --separate-stderr ot-match --hash-alg SHA-512 --mac-alg HS512 long.csv odd512.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: odd512.csv:2: not canonical base64 (bits set past the token's 64 bytes): not a token ot or the reference writes"
}

# people N PREFIX SECRET: N people tokenized with SECRET as ot's stages
# do, their metadata beside (PREFIX.tok, PREFIX.metadata.json)
people() {
	printf '%s' "$3" > "$2.key"
	gen_people "$1" | ot-normalize 2> /dev/null | ot-meta -o "$2.metadata.json" -k "$2.key" |
	    ot-sign | ot-hash -k "$2.key" > "$2.tok"
}

@test "ot-match: sides whose metadata name two hashing secrets are refused; the metadata beside each file, or named" {
	people 1200 a Hashing-Secret-Number-One-0123456
	people 1200 b Hashing-Secret-Number-One-0123456
	people 1200 c Hashing-Secret-Number-Two-0123456
	run --separate-stderr ot-match a.tok c.tok
	assert_failure 1
	assert_output ""
	[[ "$stderr" == "ot-match: a.tok and c.tok share no token: they were made with different hashing secrets (HashingSecretHash "*"), as a.metadata.json and c.metadata.json say (--no-metadata matches them anyway)" ]] || false
	run --separate-stderr ot-match --min-rules 5 --summary s.json a.tok b.tok
	assert_success
	[ "$(wc -l <<< "$output")" -gt 1100 ]
	assert_equal "$output" "$(ot-match --min-rules 5 --no-metadata a.tok b.tok)"
	grep -q '"KeyCheck": "the same hashing secret"' s.json
	# named: a wrong one refuses the right pair, a right one lets it be
	run --separate-stderr ot-match --theirs-metadata c.metadata.json a.tok b.tok
	assert_failure 1
	run --separate-stderr ot-match --ours-metadata c.metadata.json --theirs-metadata c.metadata.json a.tok c.tok
	assert_success
	run --separate-stderr ot-match --theirs-metadata missing.json a.tok b.tok
	assert_failure 1
	assert_equal "$stderr" "ot-match: missing.json: No such file or directory"
	printf '{"HashingSecretHash": 3}' > bad.json
	run --separate-stderr ot-match --ours-metadata bad.json a.tok b.tok
	assert_failure 1
	assert_equal "$stderr" "ot-match: bad.json: not ot metadata (a key field is not a fingerprint)"
	# without it, or with no metadata at hand: a large input that shares
	# not one token is a warning, and no pair
	run --separate-stderr ot-match --no-metadata --summary s.json a.tok c.tok
	assert_success
	assert_output "RecordIdA,RecordIdB,Rules"
	assert_equal "$stderr" "ot-match: not one token of a.tok is in c.tok (1200 and 1200 records): were both tokenized with one hashing secret, or one key pair? Compare HashingSecretHash, or SenderPublicKeyHash and ReceiverPublicKeyHash, in their metadata"
	grep -q '"KeyCheck": null' s.json
	run --separate-stderr ot-match - c.tok < a.tok
	assert_success
	[[ "$stderr" == "ot-match: not one token of stdin is in c.tok (1200 and 1200 records): "* ]] || false
	# few records: no warning
	head -501 a.tok > few.tok
	run --separate-stderr ot-match few.tok c.tok
	assert_success
	assert_equal "$stderr" ""
}

@test "ot-match: a package whose keys are not the pair our tokens were made with is refused" {
	ot-keygen -o r > /dev/null
	ot-keygen -o s > /dev/null
	ot-keygen -o s2 > /dev/null
	gen_people 300 > people.csv
	ot tokenize -i people.csv -t csv -o pkg.zip --sender-keypair-path s/keypair.pem \
	    --receiver-public-key r/public_key.pem 2> /dev/null
	ot tokenize -i people.csv -t csv -o ours.tok --hash-only --sender-keypair-path r/keypair.pem \
	    --receiver-public-key s/public_key.pem 2> /dev/null
	# tokenized for a sender that has since re-keyed
	ot tokenize -i people.csv -t csv -o stale.tok --hash-only --sender-keypair-path r/keypair.pem \
	    --receiver-public-key s2/public_key.pem 2> /dev/null
	r=$(ot-keygen -f r/public_key.pem)
	s=$(ot-keygen -f s/public_key.pem)
	s2=$(ot-keygen -f s2/public_key.pem)
	run --separate-stderr ot-match --keypair r/keypair.pem stale.tok pkg.zip
	assert_failure 1
	assert_equal "$stderr" "ot-match: stale.tok and pkg.zip share no token: they were made with different key pairs (ours ${r:0:16}... and ${s2:0:16}..., theirs ${s:0:16}... and ${r:0:16}...), as stale.metadata.json and the package say (--no-metadata matches them anyway)"
	run --separate-stderr ot-match --keypair r/keypair.pem --min-rules 5 --summary s.json ours.tok pkg.zip
	assert_success
	assert_equal "$(($(wc -l <<< "$output") - 1))" 300
	grep -q '"KeyCheck": "the same two public keys"' s.json
	# tokens made with a hashing secret against a package
	people 300 shared Hashing-Secret-Number-One-0123456
	run --separate-stderr ot-match --keypair r/keypair.pem shared.tok pkg.zip
	assert_failure 1
	[[ "$stderr" == *"they were made with theirs with a key exchange and ours with a hashing secret"* ]] || false
	run --separate-stderr ot-match --keypair r/keypair.pem --theirs-metadata x.json ours.tok pkg.zip
	assert_failure 2
	assert_equal "$stderr" "ot-match: --theirs-metadata: pkg.zip carries its metadata"
}

# groups FILE N PREFIX: N records of hash-only tokens, all holding one T5
# token; the first 10 hold the same T1-T4 tokens on every side, the next
# 50 one T3 token, the others their own
groups() {
	python3 - "$@" <<'PY'
import base64, hashlib, sys
name, n, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tok = lambda s: base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
with open(name, "w") as f:
    f.write("RuleId,Token,RecordId\n")
    for i in range(n):
        p = "same" if i < 10 else prefix
        for r in range(1, 5):
            t = tok("the-T3") if r == 3 and 10 <= i < 60 else tok(f"{p}-{i}-{r}")
            f.write(f"T{r},{t},{prefix}{i}\n")
        f.write(f"T5,{tok('the-T5')},{prefix}{i}\n")
PY
}

# oracle FILE FILE OPTIONS...: ot-match and the oracle agree on the pairs
# and on the oracle's numbers, in memory and partitioned (-m 16K)
oracle() {
	local a=$1 b=$2
	shift 2
	ot-match "$@" --summary got.json "$a" "$b" > got.csv 2> /dev/null
	ot-match -m 16K "$@" --summary disk.json "$a" "$b" 2> /dev/null | cmp - got.csv
	python3 "$TOP/tests/helpers/match-oracle.py" "$a" "$b" want.csv want.json "$@"
	sort got.csv | cmp - <(sort want.csv)
	python3 "$TOP/tests/helpers/summary-agrees.py" got.json want.json
}

@test "ot-match: a token more records of a side hold than --max-group pairs no one, counted; the oracle agrees" {
	groups ours.tok 600 a
	groups theirs.tok 600 b
	run --separate-stderr ot-match --max-group 500 --summary s.json ours.tok theirs.tok
	assert_success
	assert_equal "$stderr" "ot-match: 1 token held by more than 500 records of one side made no pair (T5 1): --max-group sets the bound"
	# the 10 people both hold, on T1-T4 (T5 neither makes nor strengthens
	# a pair), and the 50 x 50 records of the one T3 token
	assert_equal "$(($(wc -l <<< "$output") - 1))" 2510
	assert_equal "$(grep -c ',T1;T2;T3;T4$' <<< "$output")" 10
	run python3 -c 'import json; j = json.load(open("s.json")); print(j["OversizedGroupsByRule"], j["Options"]["MaxGroup"])'
	assert_output "{'T1': 0, 'T2': 0, 'T3': 0, 'T4': 0, 'T5': 1} 500"
	for opts in "" "--min-rules 2" "--min-rules 4" "--one-to-one" "--rules T3,T5" "--max-group 49" "--max-group 50 --min-rules 2"; do
		oracle ours.tok theirs.tok --max-group 500 $opts
	done
	# the bound is of records: below it, T5 pairs everyone
	run ot-match --max-group 600 --min-rules 5 ours.tok theirs.tok
	assert_equal "$(($(wc -l <<< "$output") - 1))" 10
	for bad in "--max-group 0" "--max-group x" "--max-group -1"; do
		run ot-match $bad ours.tok theirs.tok
		assert_failure 2
	done
}

@test "ot-match: memory stays within -m when 200,000 records of one side hold one token" {
	[ -z "${OT_SANITIZE:-}" ] && ! grep -qa __asan_init "$OT_BIN/ot-match" ||
	    skip "the address sanitizer's memory is not the program's"
	groups ours.tok 200000 a
	groups theirs.tok 20 b
	/usr/bin/time -f %M -o rss ot-match -m 16M --summary s.json ours.tok theirs.tok > pairs.csv 2> err
	[ "$(cat rss)" -le 16384 ] || fail "peak RSS $(cat rss) KiB, past -m 16M"
	assert_equal "$(wc -l < pairs.csv)" 511
	grep -q '"T5": 1' s.json
}

@test "ot-match: a pair that cannot reach --min-rules is dropped before it is written to a temporary file" {
	command -v strace > /dev/null || skip "no strace (scripts/install-deps installs it)"
	groups ours.tok 2000 a
	groups theirs.tok 2000 b
	# bytes written to temporary files (every descriptor but 0-2)
	temp_writes() {
		strace -f -e trace=write -o trace ot-match -m 16M "$@" ours.tok theirs.tok > pairs.csv 2> /dev/null
		awk '/write\(/ { fd = $0; sub(/^[^(]*\(/, "", fd); sub(/,.*/, "", fd); if (fd > 2) s += $NF }
		    END { print s + 0 }' trace
	}
	# 4,000,000 T5 candidates: too large a group (--max-group 1000),
	# or, let through, none of them with the 3 rules a pair needs
	for spec in "--min-rules 3:T1;T2;T3;T4" "--min-rules 3 --max-group 5000:T1;T2;T3;T4;T5"; do
		n=$(temp_writes ${spec%:*})
		[ "$n" -lt 1000000 ] || fail "ot-match ${spec%:*} wrote $n bytes to temporary files"
		assert_equal "$(tail -n +2 pairs.csv | cut -d, -f3 | sort | uniq -c | awk '{ print $1, $2 }')" \
		    "10 ${spec#*:}"
	done
}
