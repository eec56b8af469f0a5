#!/usr/bin/env bats
# The README's "Sharing with a partner", run line for line: both sides,
# one package crossing between them, the receiver's own hash-only tokens
# and the join that finds the people both files hold.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	# the sender's records: the bundled sample
	cp "$TOP/sample/people.csv" people.csv
	# the receiver's: three of the same people, written its own way,
	# and two others
	cat > our-people.csv <<'CSV'
Id,FirstName,LastName,BirthDate,Sex,PostalCode,SSN
acme-1,ALICE,harper,03/12/1984,F,30301-1234,231449012
acme-2,bruno,CASTELLANOS,1975-07-04,Male,60614,412558830
acme-3,grace,LI,1988-08-08,female,M5V 3L9,318227410
acme-4,Zoe,Quinn,1991-07-07,F,02139,524-11-2233
acme-5,Alice,Harper,1984-03-13,M,99501,231-44-9013
CSV
}

# The commands between the README's markers NAME, prompts removed.
readme_commands() {
	sed -n "/^<!-- $1:begin -->\$/,/^<!-- $1:end -->\$/p" "$TOP/README.md" |
	    sed '1d;$d' | sed -E 's/^    (receiver|sender)\$ +//; s/^    //'
}

@test "the README's sharing workflow runs as shown and finds the people both sides hold" {
	readme_commands sharing > workflow.sh
	[ "$(grep -c '^ot ' workflow.sh)" -ge 5 ]
	run bash -e workflow.sh
	assert_success
	# the package crossed; neither side's private key did
	[ -f for-acme.zip ]
	assert_equal "$(unzip -Z1 for-acme.zip)" "$(printf '%s\n' for-acme_temp.csv for-acme_temp.metadata.json sender_public_key.pem)"
	[ "$(unzip -p for-acme.zip | grep -c 'PRIVATE KEY')" -eq 0 ]
	cmp sender.pem sender-keys/public_key.pem
	# the join: each shared person once, by their id and ours
	assert_equal "$(cat shared.csv)" "$(printf '%s\n' p-0001,acme-1 p-0002,acme-2 p-0008,acme-3)"
	# the metadata names both keys by the fingerprints ot-keygen prints
	unzip -p for-acme.zip for-acme_temp.metadata.json > m.json
	grep -q "\"SenderPublicKeyHash\": \"$(ot-keygen -f sender.pem)\"" m.json
	grep -q "\"ReceiverPublicKeyHash\": \"$(ot-keygen -f receiver-keys/public_key.pem)\"" m.json
	# the receiver's own run: its key is the "sender" there (ECDH is
	# symmetric), as in the reference
	grep -q "\"SenderPublicKeyHash\": \"$(ot-keygen -f acme.pem)\"" ours.metadata.json
	grep -q "\"ReceiverPublicKeyHash\": \"$(ot-keygen -f sender.pem)\"" ours.metadata.json
}

@test "the README's matching step finds the same people, from the package itself" {
	readme_commands sharing > workflow.sh
	readme_commands match > match.sh
	[ "$(grep -c '^ot-' match.sh)" -eq 2 ]
	bash -e workflow.sh 2>/dev/null
	run --separate-stderr bash -e match.sh
	assert_success
	# two of the hand-made join's three: Grace Li's birth date is a
	# timestamp whose UTC date is the next day, and T5 alone is a
	# candidate, never a match
	[[ "$stderr" == *"pairs 2 (of 2 candidates)"* ]] || false
	assert_equal "$(tail -n +2 pairs.csv | cut -d, -f1,2)" "$(printf '%s\n' acme-1,p-0001 acme-2,p-0002)"
	grep -q '"MatchedRecords": 2' overlap.json
	# every candidate is the hand-made join (ours first here: its
	# columns swapped)
	assert_equal "$(ot-match --all-pairs --threshold 0 --keypair receiver-keys/keypair.pem ours.csv for-acme.zip |
	    tail -n +2 | cut -d, -f1,2 | sort)" "$(awk -F, -v OFS=, '{ print $2, $1 }' shared.csv | sort)"
	grep -q '<svg' overlap.html
}

@test "the README's OpenLinkToken 2.x workflow runs as shown, both sides, and finds the people both hold" {
	readme_commands olt-sharing > olt.sh
	[ "$(grep -c '^ot olt ' olt.sh)" -ge 5 ]
	# both parties' keys in one ~/.openlinktoken, as on one machine
	export HOME=$BATS_TEST_TMPDIR/home NO_PROGRESS=1
	mkdir -p "$HOME"
	# the 2.1 reference reads a birth date only from BirthDate (ot warns
	# of a DateOfBirth column, which it then leaves out as the reference)
	sed '1s/DateOfBirth/BirthDate/' "$TOP/sample/people.csv" > people.csv
	run --separate-stderr bash -e olt.sh
	assert_success
	# what crossed: the receiver's public key, and the package
	assert_equal "$(unzip -Z1 for-acme.zip)" "$(printf '%s\n' for-acme.parquet for-acme.metadata.json acme-2026.exchange.json)"
	[ "$(unzip -p for-acme.zip | grep -c 'PRIVATE KEY')" -eq 0 ]
	# the receiver's view of the config names the sender's key
	[[ "$output" == *"role of the key: recipient"* ]] || false
	[[ "$output" == *"senderKeyFingerprint: $(openssl pkey -pubin -in "$HOME/.openlinktoken/acme-2026.public.pem" -outform DER |
	    sha256sum | cut -c1-64 | tr a-f A-F | sed 's/../&:/g; s/:$//')"* ]] || false
	# the same three people as the 1.x workflow, all five rules for two
	[[ "$stderr" == *"pairs 3"* ]] || false
	assert_equal "$(tail -n +2 pairs.csv | cut -d, -f1,2 | sort)" "$(printf '%s\n' acme-1,p-0001 acme-2,p-0002 acme-3,p-0008)"
	grep -q '"MatchedRecords": 3' overlap.json
	# the decrypted tokens are the sender's own default-mode ones
	ot olt tokenize -i people.csv -o check.csv --exchange-config acme-2026.exchange.json \
	    --private-key "$HOME/.openlinktoken/acme-2026.private.pem"
	cmp <(cut -d, -f1,2 theirs.csv) <(cut -d, -f1,2 check.csv)
}

@test "the README's checklist runs as shown: the audit log, opaque ids, the receiver's pairs back in our ids" {
	readme_commands sharing > workflow.sh
	readme_commands audit > audit.sh
	[ "$(grep -c '^ot' audit.sh)" -ge 4 ]
	bash -e workflow.sh 2>/dev/null
	run --separate-stderr bash -e audit.sh
	assert_success
	# the receiver found the people the matching step finds (the
	# by-hand join's but Grace Li, on T5 alone: a candidate, never a
	# match), under ids it cannot read
	! grep -q 'p-00' found.csv
	[ "$(($(wc -l < found.csv) - 1))" -eq 2 ]
	# and the sender reads them as the by-hand join does, receiver first
	assert_equal "$(tail -n +2 found-ours.csv | cut -d, -f1,2 | sort)" \
	    "$(awk -F, -v OFS=, '$2 != "acme-3" { print $2, $1 }' shared.csv | sort)"
	[ "$(stat -c %a for-acme-2.ids.csv)" = 600 ]
	[[ "$output" == *"/audit.jsonl: 3 events, the chain is whole; the last line's SHA-256 is "* ]] || false
	# the one package, from the sender to the receiver
	[[ "$output" == *'"command":"tokenize","outputs":[{"path":"for-acme-2.ids.csv","size":'*'},{"path":"for-acme-2.zip","size":'* ]] || false
	[[ "$output" == *"\"package\":{\"sender\":\"$(ot-keygen -f sender.pem)\",\"receiver\":\"$(ot-keygen -f acme.pem)\"}"* ]] || false
	# every candidate, mapped back, is the by-hand join
	run --separate-stderr ot-match --all-pairs --threshold 0 --keypair receiver-keys/keypair.pem ours.csv for-acme-2.zip
	assert_success
	printf '%s\n' "$output" > candidates.csv
	run --separate-stderr ot-match --record-id-map for-acme-2.ids.csv --pairs candidates.csv
	assert_success
	assert_equal "$(tail -n +2 <<< "$output" | cut -d, -f1,2 | sort)" \
	    "$(awk -F, -v OFS=, '{ print $2, $1 }' shared.csv | sort)"
}
