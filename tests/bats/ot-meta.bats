#!/usr/bin/env bats
# ot-meta: the metadata tap and merge.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-for-the-tests\n' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.\n' > enc.key
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null > norm.csv
}

json() {	# json FILE EXPR: a value of the JSON file, by a Python expression on j
	python3 -c "import json, sys; j = json.load(open(sys.argv[1])); print($2)" "$1"
}

@test "ot-meta passes its input through byte for byte" {
	run bash -c 'ot-meta -o m.json < norm.csv | cmp - norm.csv'
	assert_success
	[ -s m.json ]
}

@test "ot-meta counts the bundled sample as the reference would" {
	ot-meta -o m.json -k hashing.key norm.csv > /dev/null
	assert_equal "$(json m.json 'j["TotalRows"]')" 15
	assert_equal "$(json m.json 'j["InvalidAttributesByType"]')" \
	    "{'BirthDate': 2, 'FirstName': 1, 'LastName': 0, 'PostalCode': 2, 'Sex': 1, 'SocialSecurityNumber': 4}"
	assert_equal "$(json m.json 'j["TotalRowsWithInvalidAttributes"]')" 10
	assert_equal "$(json m.json 'j["BlankTokensByRule"]')" "{'T1': 4, 'T2': 5, 'T3': 4, 'T4': 7, 'T5': 2}"
	assert_equal "$(json m.json 'j["HashingSecretHash"]')" "$(printf HashingKey-for-the-tests | sha256sum | cut -d' ' -f1)"
	assert_equal "$(json m.json '"EncryptionSecretHash" in j')" False
	assert_equal "$(json m.json 'list(j)[:3]')" "['OtVersion', 'Platform', 'OpenTokenVersion']"
	assert_equal "$(json m.json 'j["Platform"] + " " + j["OpenTokenVersion"]')" "C 1.12.5"
	run json m.json 'j["Timestamp"]'
	assert_output --regexp '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$'
}

@test "ot-meta: only the first failing part of a rule counts, and missing values never" {
	# Invalid LastName and Sex, invalid SSN: Sex is reached by no rule first.
	printf 'RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber\nr1,Ann,,2000-01-01,,98004,\nr2,Ann,Lee,2000-01-01,Female,"",""\n' > in.csv
	ot-meta -o m.json in.csv > /dev/null
	assert_equal "$(json m.json 'j["InvalidAttributesByType"]')" \
	    "{'BirthDate': 0, 'FirstName': 0, 'LastName': 1, 'PostalCode': 0, 'Sex': 0, 'SocialSecurityNumber': 1}"
	assert_equal "$(json m.json 'j["BlankTokensByRule"]')" "{'T1': 1, 'T2': 2, 'T3': 1, 'T4': 2, 'T5': 1}"
	assert_equal "$(json m.json 'j["TotalRowsWithInvalidAttributes"]')" 2
}

@test "ot-meta takes secrets from the environment, and hashes the encryption key when given" {
	OT_HASHING_SECRET=HashingKey-for-the-tests ot-meta -o m.json --encryption-key-file enc.key norm.csv > /dev/null
	assert_equal "$(json m.json 'j["HashingSecretHash"]')" "$(printf HashingKey-for-the-tests | sha256sum | cut -d' ' -f1)"
	assert_equal "$(json m.json 'j["EncryptionSecretHash"]')" "$(printf Secret-Encryption-Key-Goes-Here. | sha256sum | cut -d' ' -f1)"
	assert_equal "$(json m.json 'list(j)[3:5]')" "['HashingSecretHash', 'EncryptionSecretHash']"
}

@test "ot-meta: -o is required; bad input fails and leaves no metadata file" {
	run --separate-stderr ot-meta norm.csv
	assert_failure 2
	printf 'FirstName\nAnn\n' > bad.csv
	run --separate-stderr ot-meta -o m.json bad.csv
	assert_failure 1
	assert_equal "$stderr" "ot-meta: bad.csv:1: not a normalized stream (header \"FirstName\"): run ot-normalize first"
	[ ! -e m.json ]
	[ -z "$(ls | grep '^m\.json')" ]
}

@test "ot-meta merge sums the shards and refuses different secrets" {
	head -8 norm.csv > a.csv
	{ head -1 norm.csv; tail -n +9 norm.csv; } > b.csv
	ot-meta -o all.json -k hashing.key norm.csv > /dev/null
	ot-meta -o a.json -k hashing.key a.csv > /dev/null
	ot-meta -o b.json -k hashing.key b.csv > /dev/null
	ot-meta merge -o merged.json a.json b.json
	assert_equal "$(json merged.json '{k: v for k, v in j.items() if k != "Timestamp"}')" \
	    "$(json all.json '{k: v for k, v in j.items() if k != "Timestamp"}')"
	run ot-meta merge a.json b.json
	assert_success
	assert_output --partial '"TotalRows": 15,'
	printf 'other' > other.key
	ot-meta -o c.json -k other.key b.csv > /dev/null
	run --separate-stderr ot-meta merge -o bad.json a.json c.json
	assert_failure 1
	assert_equal "$stderr" "ot-meta: c.json: HashingSecretHash differs from a.json's"
	[ ! -e bad.json ]
	printf '{"TotalRows": -1}' > junk.json
	run --separate-stderr ot-meta merge junk.json
	assert_failure 1
	assert_equal "$stderr" "ot-meta: junk.json: not ot metadata (a count is missing, not a whole number, negative, or past 2^53 in all)"
}
