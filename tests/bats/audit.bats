#!/usr/bin/env bats
# The audit log (--audit-log, OT_AUDIT_LOG, ot-audit verify), opaque
# record ids (--record-id-map) and private keys from the environment or
# a descriptor (--private-key-env, /dev/fd/N).

load helper

ZEROS=0000000000000000000000000000000000000000000000000000000000000000

setup() {
	cd "$BATS_TEST_TMPDIR"
	unset OT_AUDIT_LOG
	# people whose every value is distinctive, to look for in the log
	cat > people.csv <<-'EOF'
	RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber
	rec-alpha-17,Zebediah,Quillfeather,1961-03-14,Male,98101,536-12-7788
	rec-bravo-23,Philippa,Thistlewood,1977-11-02,Female,60614,412-55-8830
	rec-charlie-5,Ignatius,Brightwater,1984-07-21,Male,02139,219-09-9999
	rec-delta-99,Marguerite,Oakenshield,1992-01-30,Female,30301,318-22-7410
	EOF
	# the partner's records: two of the same people, one other
	cat > theirs-people.csv <<-'EOF'
	RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber
	partner-x1,Philippa,Thistlewood,1977-11-02,Female,60614,412-55-8830
	partner-x2,Zebediah,Quillfeather,1961-03-14,Male,98101,536-12-7788
	partner-x3,Octavia,Fernsworth,1955-05-05,Female,10001,123-45-6780
	EOF
	printf 'Hashing-Secret-For-Audit-Tests-1234567\n' > hashing.key
	printf 'Enc-Key-For-Audit-Tests-32bytes!\n' > enc.key
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

# Every value of people.csv and theirs-people.csv (not the header), the
# secrets, and the private keys' base64 lines, one a line.
secrets_and_values() {
	tail -n +2 people.csv | tr ',' '\n'
	tail -n +2 theirs-people.csv | tr ',' '\n'
	tr -d '\n' < hashing.key; echo
	tr -d '\n' < enc.key; echo
	cat ./*/keypair.pem 2>/dev/null | grep -v -- '-----'
}

# Fail when the log holds any of them.
assert_clean_log() {
	while read -r v; do
		[ ${#v} -ge 5 ] || continue
		if grep -qF -- "$v" "$1"; then
			fail "the audit log holds \"$v\""
		fi
	done < <(secrets_and_values)
}

@test "audit: ot's event: who, when, the files and their SHA-256, counts, profile, status" {
	run --separate-stderr ot -i people.csv -t csv -o tokens.csv --hash-only \
	    --hashing-secret-file hashing.key --audit-log audit.log
	assert_success
	[ "$(wc -l < audit.log)" -eq 1 ]
	jq -e --arg user "$(id -un)" --arg host "$(hostname)" --arg in "$(sha people.csv)" \
	    --arg tok "$(sha tokens.csv)" --arg meta "$(sha tokens.metadata.json)" \
	    --argjson uid "$(id -u)" --arg zeros "$ZEROS" '
	    .v == 1 and .program == "ot" and .command == null and
	    (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$")) and
	    (.run | test("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")) and
	    .user == $user and .uid == $uid and .host == $host and (.pid | type) == "number" and
	    .args == ["-i","people.csv","-t","csv","-o","tokens.csv","--hash-only","--hashing-secret-file","hashing.key","--audit-log","audit.log"] and
	    .inputs == [{"role":"records","path":"people.csv","size":'"$(stat -c %s people.csv)"',"sha256":$in},
	                {"role":"hashing-secret","path":"hashing.key"}] and
	    .outputs == [{"path":"tokens.csv","size":'"$(stat -c %s tokens.csv)"',"sha256":$tok},
	                 {"path":"tokens.metadata.json","size":'"$(stat -c %s tokens.metadata.json)"',"sha256":$meta}] and
	    .counts == {"records":4,"tokens":20} and .profile == "1.12-java" and
	    .status == 0 and .error == null and .prev == $zeros' audit.log
	run ot-audit verify audit.log
	assert_success
	assert_output "audit.log: 1 events, the chain is whole; the last line's SHA-256 is $(head -c -1 audit.log | sha256sum | cut -d' ' -f1)"
	assert_clean_log audit.log
}

@test "audit: a secret on the command line is written (secret); OT_AUDIT_LOG; a failure's status and message" {
	export OT_AUDIT_LOG=$PWD/audit.log
	run --separate-stderr ot -i people.csv -t csv -o t.csv --hash-only -h Hashing-Secret-For-Audit-Tests-1234567
	assert_success
	run --separate-stderr ot -i people.csv -t csv -o t2.csv -e Enc-Key-For-Audit-Tests-32bytes! \
	    --hashingsecret=Hashing-Secret-For-Audit-Tests-1234567
	assert_success
	run --separate-stderr ot -i missing.csv -t csv -o t3.csv --hash-only --hashing-secret-file hashing.key
	assert_failure 1
	[ "$(wc -l < audit.log)" -eq 3 ]
	jq -se '.[0].args[7:] == ["-h","(secret)"] and
	    .[1].args[6:] == ["-e","(secret)","--hashingsecret=(secret)"] and
	    .[2].status == 1 and .[2].error == "ot: missing.csv: No such file or directory" and
	    .[2].outputs == [] and [.[].status] == [0,0,1]' audit.log
	[ ! -e t3.csv ]
	run ot-audit verify audit.log
	assert_success
	assert_clean_log audit.log
}

@test "audit: ot tokenize, ot-decrypt, ot-package, ot-match and ot-keygen: keys, packages, pairs" {
	log=$PWD/audit.log
	run ot-keygen -o s --audit-log "$log"
	assert_success
	sfp=$output
	rfp=$(ot-keygen -o r --audit-log "$log")
	ot tokenize -i people.csv -t csv -o for-r.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem --audit-log "$log" 2> /dev/null
	ot-decrypt --keypair r/keypair.pem -o theirs.csv --audit-log "$log" for-r.zip
	ot tokenize -i theirs-people.csv -t csv -o ours.csv --hash-only --sender-keypair-path r/keypair.pem \
	    --receiver-public-key s/public_key.pem --audit-log "$log" 2> /dev/null
	ot-match --summary overlap.json -o pairs.csv --audit-log "$log" ours.csv theirs.csv
	# the stages' way: tokens, metadata, then ot-package
	ot-normalize people.csv | ot-meta -o m.json --keypair s/keypair.pem --peer-key r/public_key.pem |
	    ot-sign | ot-hash --keypair s/keypair.pem --peer-key r/public_key.pem |
	    ot-encrypt --keypair s/keypair.pem --peer-key r/public_key.pem > tokens.csv
	ot-package -o pkg.zip --sender-key s/keypair.pem --audit-log "$log" tokens.csv m.json
	[ "$(wc -l < audit.log)" -eq 7 ]
	jq -se --arg s "$sfp" --arg r "$rfp" '
	    (.[0] | .program == "ot-keygen" and .keys.own == $s and .curve == "P-384" and
	        .outputs == [{"path":"s/keypair.pem"},{"path":"s/public_key.pem"}]) and
	    (.[1].keys.own == $r) and
	    (.[2] | .program == "ot" and .command == "tokenize" and .keys == {"own":$s,"partner":$r} and
	        .counts == {"records":4,"tokens":20} and [.outputs[].path] == ["for-r.zip"] and
	        (.inputs | map(select(.role == "private-key")) | .[0] | has("sha256") | not)) and
	    (.[3] | .program == "ot-decrypt" and .package == {"sender":$s,"receiver":$r} and
	        .keys == {"own":$r,"partner":$s} and .counts.tokens == 20 and [.outputs[].path] == ["theirs.csv"]) and
	    (.[4] | .command == "tokenize" and .keys == {"own":$r,"partner":$s} and .counts.records == 3) and
	    (.[5] | .program == "ot-match" and .match.Pairs == 2 and .match.Options.MinRules == 1 and
	        .match.Ours.Records == 3 and .match.Theirs.Records == 4 and
	        [.outputs[].path] == ["pairs.csv","overlap.json"] and
	        ([.inputs[].role] == ["ours","theirs","ours-metadata"])) and
	    (.[6] | .program == "ot-package" and .package == {"sender":$s,"receiver":$r} and
	        [.outputs[].path] == ["pkg.zip"] and [.inputs[].role] == ["tokens","metadata","sender-key"])' audit.log
	# the hashes are those of the files put in place
	[ "$(jq -sr '.[2].outputs[0].sha256' audit.log)" = "$(sha for-r.zip)" ]
	[ "$(jq -sr '.[5].outputs[0].sha256' audit.log)" = "$(sha pairs.csv)" ]
	[ "$(jq -sr '.[5].outputs[1].sha256' audit.log)" = "$(sha overlap.json)" ]
	[ "$(jq -sr '.[6].outputs[0].sha256' audit.log)" = "$(sha pkg.zip)" ]
	[ "$(($(wc -l < pairs.csv) - 1))" -eq 2 ]
	run ot-audit verify audit.log
	assert_success
	assert_clean_log audit.log
	# no record id of either side, no token
	for t in $(tail -n +2 theirs.csv | cut -d, -f2 | sort -u) $(tail -n +2 ours.csv | cut -d, -f2 | sort -u); do
		! grep -qF -- "$t" audit.log || fail "a token is in the log"
	done
}

@test "audit: ot olt's commands, the exchange's parties, the secret of --hashingsecret" {
	export HOME=$PWD/home OT_AUDIT_LOG=$PWD/audit.log
	mkdir -p home
	ot olt generate-key-pair -n acme > /dev/null
	cp home/.openlinktoken/acme.public.pem .
	ot olt initiate-exchange --public-key acme.public.pem -n x1 --hashingsecret Olt-Secret-Of-The-Test-99 > /dev/null 2>&1
	ot olt package -i people.csv -o for-acme.zip --exchange-config x1.exchange.json 2> /dev/null
	ot olt decrypt -i for-acme.zip -o theirs.csv 2> /dev/null
	own=$(OT_AUDIT_LOG= ot-keygen -f home/.openlinktoken/x1.private.pem)
	acme=$(OT_AUDIT_LOG= ot-keygen -f acme.public.pem)
	jq -se --arg own "$own" --arg acme "$acme" '
	    [.[].command] == ["olt generate-key-pair","olt initiate-exchange","olt package","olt decrypt"] and
	    (.[1] | (.args | any(. == "(secret)")) and .keys == {"own":$own,"partner":$acme}) and
	    (.[2] | .package == {"sender":$own,"receiver":$acme} and .profile == "2.1-python" and
	        .counts == {"records":4,"tokens":20} and [.outputs[].path] == ["for-acme.zip"] and
	        (.exchange | test("^[0-9a-f-]{36}$"))) and
	    (.[0].keys.own == $acme) and
	    (.[3] | .keys.partner != null and .counts.tokens == 20) and
	    [.[].status] == [0,0,0,0]' audit.log
	[ "$(jq -sr '.[2].outputs[0].sha256' audit.log)" = "$(sha for-acme.zip)" ]
	! grep -q Olt-Secret-Of-The-Test-99 audit.log
	run ot-audit verify audit.log
	assert_success
	assert_clean_log audit.log
	# the 2.x package opened with the receiver's key from the environment
	K=$(cat home/.openlinktoken/acme.private.pem) ot-decrypt --private-key-env K for-acme.zip > e.csv 2> /dev/null
	assert_equal "$(tail -n +2 e.csv | cut -d, -f1,2 | sort)" "$(tail -n +2 theirs.csv | cut -d, -f1,2 | sort)"
	! grep -q "$(sed -n 2p home/.openlinktoken/acme.private.pem)" audit.log
}

@test "audit: ot-audit verify refuses an edited, reordered, cut or shortened log, naming the first broken line" {
	export OT_AUDIT_LOG=$PWD/audit.log
	for i in 1 2 3 4; do ot-keygen -o k$i > /dev/null; done
	run ot-audit verify audit.log
	assert_success
	head=$(sed 's/.*SHA-256 is //' <<< "$output")
	# an edited value: the line after it no longer chains
	sed '2s/"status":0/"status":1/' audit.log > edited.log
	run ot-audit verify edited.log
	assert_failure 1
	assert_output "ot-audit: edited.log:3: the chain is broken: \"prev\" is not the SHA-256 of line 2 (edited, removed or moved lines)"
	# two lines swapped
	awk 'NR == 2 { l = $0; next } NR == 3 { print; print l; next } 1' audit.log > reordered.log
	run ot-audit verify reordered.log
	assert_failure 1
	assert_output --partial "reordered.log:2: the chain is broken"
	# the first line gone
	tail -n +2 audit.log > headless.log
	run ot-audit verify headless.log
	assert_failure 1
	assert_output "ot-audit: headless.log:1: the chain does not start here: lines before it are missing"
	# cut in the middle of the last line
	head -c -20 audit.log > cut.log
	run ot-audit verify cut.log
	assert_failure 1
	assert_output "ot-audit: cut.log:4: cut short: no line feed at its end"
	# not JSON
	{ head -2 audit.log; echo 'not json'; } > junk.log
	run ot-audit verify junk.log
	assert_failure 1
	assert_output "ot-audit: junk.log:3: not a JSON object"
	# whole lines removed from the end: only the head kept elsewhere shows it
	head -3 audit.log > short.log
	run ot-audit verify short.log
	assert_success
	run ot-audit verify --head "$head" short.log
	assert_failure 1
	assert_output "ot-audit: short.log: no line has the SHA-256 $head: lines were removed from its end (or it is another log)"
	run ot-audit verify --head "$head" < audit.log
	assert_success
	# the writer refuses to chain to a cut line, and the log stays as it was
	cp cut.log cut2.log
	run --separate-stderr ot-keygen -o k9 --audit-log cut2.log
	assert_failure 1
	assert_equal "$stderr" "ot-keygen: audit log cut2.log: does not end with a whole line (cut short? check it with ot-audit verify)"
	[ ! -e k9/keypair.pem ]
	cmp cut.log cut2.log
	# usage
	run ot-audit check audit.log
	assert_failure 2
	run ot-audit verify --head abc audit.log
	assert_failure 2
	assert_output "ot-audit: --head abc: not a SHA-256 (64 lower-case hex digits)"
}

@test "audit: a log that cannot be written fails the run (exit 1) with nothing put in place" {
	run --separate-stderr ot -i people.csv -t csv -o tokens.csv --hash-only \
	    --hashing-secret-file hashing.key --audit-log nodir/audit.log
	assert_failure 1
	assert_equal "$stderr" "ot: audit log nodir/audit.log: No such file or directory"
	run --separate-stderr ot -i people.csv -t csv -o tokens.csv --hash-only \
	    --hashing-secret-file hashing.key --audit-log /dev/full
	assert_failure 1
	assert_equal "$stderr" "ot: audit log /dev/full: not a regular file (the chain is read back from it)"
	ln -s elsewhere.log link.log
	run --separate-stderr ot-keygen -o k --audit-log link.log
	assert_failure 1
	[ ! -e elsewhere.log ] && [ ! -e k ]
	[ -z "$(ls | grep -v -e '\.csv$' -e '\.key$' -e '^link.log$' -e '^separate-stderr-')" ]
}

@test "audit: a full disk under the log fails the run with nothing put in place" {
	[ "$(id -u)" -eq 0 ] || skip "mounting a small file system needs root"
	mkdir full
	mount -t tmpfs -o size=64k tmpfs full 2> /dev/null || skip "no tmpfs mount here"
	: > full/audit.log
	dd if=/dev/zero of=full/fill bs=4k 2> /dev/null || true
	run --separate-stderr ot -i people.csv -t csv -o tokens.csv --hash-only \
	    --hashing-secret-file hashing.key --audit-log full/audit.log
	st=$status; err=$stderr
	run --separate-stderr ot-keygen -o k --audit-log full/audit.log
	kst=$status
	run --separate-stderr ot-match -o pairs.csv --audit-log full/audit.log --no-metadata people.csv people.csv
	mst=$status
	size=$(stat -c %s full/audit.log)
	umount full
	[ "$st" -eq 1 ] && [ "$kst" -eq 1 ]
	[[ "$err" == *"ot: audit log full/audit.log: No space left on device"* ]]
	[ "$size" -eq 0 ]
	[ ! -e tokens.csv ] && [ ! -e tokens.metadata.json ] && [ ! -e k/keypair.pem ] && [ ! -e pairs.csv ]
	[ -z "$(ls | grep -e '\.[A-Za-z0-9]\{6\}$')" ]
}

@test "audit: two runs at once leave whole lines, one chain" {
	export OT_AUDIT_LOG=$PWD/audit.log
	ot-keygen -o k > /dev/null
	for w in a b; do
		( for i in $(seq 1 25); do ot-keygen -f k/public_key.pem > /dev/null; done ) &
	done
	wait
	[ "$(wc -l < audit.log)" -eq 51 ]
	jq -e 'has("prev") and .status == 0' audit.log > /dev/null
	[ "$(jq -s 'map(.pid) | unique | length' audit.log)" -eq 51 ]
	run ot-audit verify audit.log
	assert_success
	assert_output --partial "51 events, the chain is whole"
}

@test "opaque ids: the shared tokens carry UUIDs, the map 0600, and pairs mapped back are the pairs without it" {
	# our side: the same tokens with and without opaque ids
	ot -i people.csv -t csv -o shared.csv --hash-only --hashing-secret-file hashing.key --record-id-map ours.map
	ot -i people.csv -t csv -o plain.csv --hash-only --hashing-secret-file hashing.key
	[ "$(stat -c %a ours.map)" = 600 ]
	assert_equal "$(head -1 ours.map)" "RecordId,OpaqueId"
	assert_equal "$(tail -n +2 ours.map | cut -d, -f1 | paste -sd' ')" "rec-alpha-17 rec-bravo-23 rec-charlie-5 rec-delta-99"
	# every shared id is a UUID v4, the map's, in order, and no id of ours is left
	tail -n +2 shared.csv | cut -d, -f3 | uniq > ids
	assert_equal "$(cat ids)" "$(tail -n +2 ours.map | cut -d, -f2)"
	! grep -v -E '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' ids
	! grep -q rec- shared.csv shared.metadata.json
	[ "$(sort -u ids | wc -l)" -eq 4 ]
	# the tokens are the same
	assert_equal "$(cut -d, -f1,2 shared.csv)" "$(cut -d, -f1,2 plain.csv)"
	# the partner matches on its side, and sends the pairs back
	ot -i theirs-people.csv -t csv -o partner.csv --hash-only --hashing-secret-file hashing.key
	ot-match partner.csv shared.csv > partner-pairs.csv
	ot-match partner.csv plain.csv > expected.csv
	[ "$(wc -l < expected.csv)" -eq 3 ]
	! grep -q rec- partner-pairs.csv
	run --separate-stderr ot-match --record-id-map ours.map --pairs partner-pairs.csv -o back.csv
	assert_success
	cmp back.csv expected.csv
	# or we match with our shared file, and read our own ids
	ot-match --record-id-map ours.map shared.csv partner.csv > ours-pairs.csv
	ot-match plain.csv partner.csv > expected2.csv
	cmp ours-pairs.csv expected2.csv
	# pairs of other tokens: not one id maps
	run --separate-stderr ot-match --record-id-map ours.map --pairs expected.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: expected.csv: not one record id is an opaque id of the map: pairs made from other tokens than the ones it mapped?"
}

@test "opaque ids: ot tokenize and ot olt package, on threads, in Parquet, with the same round trip" {
	ot-keygen -o s > /dev/null; ot-keygen -o r > /dev/null
	gen_people 3000 > many.csv
	ot tokenize -i many.csv -t csv -o for-r.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem --record-id-map s.map -j 2 2> /dev/null
	ot decrypt -i for-r.zip -t csv -o theirs.csv --receiver-keypair-path r/keypair.pem 2> /dev/null
	[ "$(($(wc -l < s.map) - 1))" -eq 3000 ]
	assert_equal "$(tail -n +2 theirs.csv | cut -d, -f3 | uniq)" "$(tail -n +2 s.map | cut -d, -f2)"
	assert_equal "$(tail -n +2 s.map | cut -d, -f1)" "$(tail -n +2 many.csv | cut -d, -f1)"
	export HOME=$PWD/home
	mkdir -p home
	ot olt generate-key-pair -n acme > /dev/null
	ot olt initiate-exchange --public-key home/.openlinktoken/acme.public.pem -n x1 > /dev/null 2>&1
	ot olt package -i people.csv -o for-acme.zip --exchange-config x1.exchange.json --record-id-map o.map 2> /dev/null
	ot olt decrypt -i for-acme.zip -o olt-theirs.csv 2> /dev/null
	assert_equal "$(tail -n +2 olt-theirs.csv | cut -d, -f3 | uniq)" "$(tail -n +2 o.map | cut -d, -f2)"
	ot olt tokenize -i theirs-people.csv -o olt-ours.csv --exchange-config x1.exchange.json 2> /dev/null
	ot-match olt-ours.csv olt-theirs.csv > olt-pairs.csv
	ot-match --record-id-map o.map --pairs olt-pairs.csv > olt-back.csv
	assert_equal "$(tail -n +2 olt-back.csv | cut -d, -f1,2 | sort)" "$(printf 'partner-x1,rec-bravo-23\npartner-x2,rec-alpha-17')"
	run ot olt package -i people.csv -o x.zip --exchange-config x1.exchange.json --record-id-map o2.map --hash-record-ids
	assert_failure 2
}

@test "opaque ids: a map is never overwritten, never written through a link, and a failed run leaves none" {
	echo keep > old.map
	run --separate-stderr ot -i people.csv -t csv -o t.csv --hash-only --hashing-secret-file hashing.key --record-id-map old.map
	assert_failure 2
	assert_equal "$stderr" "ot: old.map: exists: a record id map is never overwritten (move it away, or name another)"
	assert_equal "$(cat old.map)" keep
	ln -s target.map link.map
	run --separate-stderr ot -i people.csv -t csv -o t.csv --hash-only --hashing-secret-file hashing.key --record-id-map link.map
	assert_failure 2
	[ ! -e target.map ]
	printf 'RecordId,FirstName\nx,"unterminated\n' > bad.csv
	run --separate-stderr ot -i bad.csv -t csv -o t.csv --hash-only --hashing-secret-file hashing.key --record-id-map new.map
	assert_failure 1
	[ ! -e new.map ] && [ ! -e t.csv ]
	[ -z "$(ls | grep -e '\.[A-Za-z0-9]\{6\}$')" ]
	for o in --pipeline "--format v1" --hash-record-ids; do
		run --separate-stderr ot -i people.csv -t csv -o t.csv --hashing-secret-file hashing.key \
		    --encryption-key-file enc.key --record-id-map new.map $o
		assert_failure 2
		[[ "$stderr" == *"--record-id-map replaces the record ids of new tokens on ot's threads: not with ${o%% *}"* ]]
	done
}

@test "opaque ids: ot-match holds the map within -m, and says so past it" {
	gen_people 2000 > many.csv
	ot -i many.csv -t csv -o shared.csv --hash-only --hashing-secret-file hashing.key --record-id-map m.map
	ot -i many.csv -t csv -o plain.csv --hash-only --hashing-secret-file hashing.key
	ot-match --no-metadata plain.csv shared.csv > pairs.csv
	ot-match --no-metadata plain.csv plain.csv > expected.csv
	run --separate-stderr ot-match -m 16M --record-id-map m.map --pairs pairs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: m.map: the record id map needs more than 0 bytes of memory (-m): raise -m"
	run --separate-stderr ot-match -m 17M --record-id-map m.map --pairs pairs.csv -o back.csv
	assert_success
	cmp back.csv expected.csv
	# a map that is not one
	run --separate-stderr ot-match --record-id-map many.csv --pairs pairs.csv
	assert_failure 1
	assert_equal "$stderr" "ot-match: many.csv:1: not a record id map (no RecordId and OpaqueId columns)"
}

@test "vault: private keys from the environment (--private-key-env, --keypair-env) and secrets from /dev/fd/N give the same results" {
	ot-keygen -o s > /dev/null; ot-keygen -o r > /dev/null
	ot tokenize -i people.csv -t csv -o a.csv --hash-only --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
	SKEY=$(cat s/keypair.pem) ot tokenize -i people.csv -t csv -o b.csv --hash-only \
	    --receiver-public-key r/public_key.pem --private-key-env SKEY 2> /dev/null
	cmp a.csv b.csv
	ot tokenize -i people.csv -t csv -o p.zip --receiver-public-key r/public_key.pem --sender-keypair-path s/keypair.pem 2> /dev/null
	ot-decrypt --keypair r/keypair.pem p.zip > d1.csv
	RKEY=$(cat r/keypair.pem) ot-decrypt --keypair-env RKEY p.zip > d2.csv
	ot-decrypt --keypair /dev/fd/3 p.zip 3< r/keypair.pem > d3.csv
	cmp d1.csv d2.csv
	cmp d1.csv d3.csv
	RKEY=$(cat r/keypair.pem) ot-match --keypair-env RKEY --no-metadata d1.csv p.zip > m.csv
	[ "$(wc -l < m.csv)" -eq 5 ]
	ot -i people.csv -t csv -o h1.csv --hash-only --hashing-secret-file hashing.key
	ot -i people.csv -t csv -o h2.csv --hash-only --hashing-secret-file /dev/fd/4 4< hashing.key
	cmp h1.csv h2.csv
	SKEY=$(cat s/keypair.pem) ot-hash --keypair-env SKEY --peer-key r/public_key.pem \
	    <(ot-normalize people.csv | ot-sign) > s1.csv
	cmp <(tail -n +2 s1.csv) <(tail -n +2 a.csv)
	run --separate-stderr ot-decrypt --private-key-env NOT_SET_ANYWHERE p.zip
	assert_failure 2
	assert_equal "$stderr" "ot-decrypt: --private-key-env NOT_SET_ANYWHERE: the environment variable NOT_SET_ANYWHERE is not set"
	run --separate-stderr env RKEY=x ot-decrypt --keypair-env RKEY --keypair r/keypair.pem p.zip
	assert_failure 2
	assert_equal "$stderr" "ot-decrypt: --keypair and --keypair-env both name our key: give one"
	# the key never reached a file: the only key files are the ones made
	[ "$(find . -name '*.pem' | wc -l)" -eq 4 ]
}

@test "audit: ot --pipeline's counts come from its stages' metadata; ot decrypt names the package's parties" {
	ot -i people.csv -t csv -o p.csv --hash-only --hashing-secret-file hashing.key --pipeline --audit-log audit.log
	OT_AUDIT_LOG=$PWD/audit.log ot -i people.csv -t csv -o j.csv --hash-only --hashing-secret-file hashing.key -j 2
	s=$(ot-keygen -o s); r=$(ot-keygen -o r)
	ot tokenize -i people.csv -t csv -o for-r.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
	ot decrypt -i for-r.zip -t csv -o d.csv --receiver-keypair-path r/keypair.pem --audit-log audit.log
	jq -se --arg s "$s" --arg r "$r" '
	    .[0].counts == .[1].counts and .[0].counts == {"records":4,"tokens":20} and
	    .[0].profile == "1.12-java" and .[0].outputs[0].sha256 == .[1].outputs[0].sha256 and
	    (.[2] | .command == "decrypt" and .keys == {"own":$r,"partner":$s} and
	        .package == {"sender":$s,"receiver":$r} and [.outputs[].path] == ["d.csv"])' audit.log
	[ "$(jq -sr '.[2].outputs[0].sha256' audit.log)" = "$(sha d.csv)" ]
}
