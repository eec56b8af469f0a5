#!/usr/bin/env bats
# ot-normalize: command line, input handling, errors.

load helper

HDR=RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "--help prints the synopsis and exits 0" {
	run --separate-stderr ot-normalize --help
	assert_success
	assert_output --partial "usage: ot-normalize [-hPV] [-o file] [--compat profile] [--config file] [--strict]
                    [--delimiter c] [--reasons | --reasons-summary] [--show-values] [file ...]"
	# then a line per option
	assert_output --partial $'\n  --strict '
	[ "$(grep -c '^  -' <<< "$output")" -eq 11 ]
}

@test "-V prints the version" {
	run --separate-stderr ot-normalize -V
	assert_success
	assert_output --regexp '^ot-normalize \(ot\) [0-9.]+, OpenToken 1\.12\.5 tokens$'
}

@test "an unknown option is a usage error (exit 2)" {
	run --separate-stderr ot-normalize --bogus
	assert_failure 2
	[[ "$stderr" == *"usage: ot-normalize [-hPV] [-o file] [--compat profile] [--config file] [--strict]"* ]]
}

@test "the bundled sample normalizes to the golden file" {
	run --separate-stderr ot-normalize "$TOP/sample/people.csv"
	assert_success
	# the record without an id gets a random UUID v4
	uuid=$(printf '%s\n' "$output" | grep -Eo '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12},Jamal')
	[ -n "$uuid" ]
	diff <(printf '%s\n' "$output" | sed -E 's/^[0-9a-f-]{36},Jamal/UUID,Jamal/') \
	    "$TOP/tests/golden/people.normalized.csv"
}

@test "reads standard input, and - means standard input" {
	gen_people 3 > in.csv
	run --separate-stderr ot-normalize < in.csv
	assert_success
	expected=$output
	run --separate-stderr ot-normalize - < in.csv
	assert_output "$expected"
	run --separate-stderr ot-normalize in.csv
	assert_output "$expected"
	assert_line --index 0 "$HDR"
	assert_line --index 1 "id-1,Namebb,Familybb,1921-02-02,Male,10001,101-11-1001"
}

@test "-o writes the output file" {
	gen_people 2 > in.csv
	run --separate-stderr ot-normalize -o out.csv in.csv
	assert_success
	assert_output ""
	[ "$(wc -l < out.csv)" -eq 3 ]
}

@test "column aliases match ignoring case, in any order; other columns are dropped" {
	printf 'SSN,zipcode,GENDER,dateofbirth,SURNAME,givenname,notes,ID\n234567890,98004,F,2000-01-01,Doe,Jane,secret,r1\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,FirstName,LastName,BirthDate,Sex,PostalCode\nr1,Jane,Doe,2000-01-01,Female,98004')"
}

@test "a missing attribute column is a warning naming its aliases" {
	printf 'RecordId,FirstName,LastName\nr1,Jane,Doe\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,FirstName,LastName\nr1,Jane,Doe')"
	[[ "$stderr" == *"ot-normalize: warning: in.csv: no SocialSecurityNumber column (SocialSecurityNumber or NationalIdentificationNumber)"* ]]
	[[ "$stderr" == *"no PostalCode column (PostalCode, ZipCode, ZIP3, ZIP4 or ZIP5)"* ]]
}

@test "--strict makes a missing attribute column an error (exit 2)" {
	printf 'RecordId,FirstName,LastName\nr1,Jane,Doe\n' > in.csv
	run --separate-stderr ot-normalize --strict in.csv
	assert_failure 2
	[[ "$stderr" == *"ot-normalize: in.csv: no BirthDate column (BirthDate or DateOfBirth)"* ]]
	assert_output ""
}

@test "a missing RecordId column gives UUIDs, with a warning" {
	printf 'FirstName\nJane\nJohn\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	assert_line --index 1 --regexp '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12},Jane$'
	[ "${lines[1]%%,*}" != "${lines[2]%%,*}" ]
	[[ "$stderr" == *"no RecordId column (RecordId or Id): record ids will be random UUIDs"* ]]
}

@test "a UTF-8 byte-order mark and CRLF line ends are accepted" {
	printf '\xef\xbb\xbfRecordId,FirstName\r\nr1,Jos\xc3\xa9\r\nr2,Ann\r\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,FirstName\nr1,Jose\nr2,Ann')"
}

@test "quoted fields may hold commas, quotes and line breaks; empty lines are skipped" {
	printf 'RecordId,FirstName,LastName\n"r,1","Mary\nAnn","O""Hara"\n\n\nr2,Jo"e,Doe\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,FirstName,LastName\n"r,1",MaryAnn,OHara\nr2,Joe,Doe')"
}

@test "values are not trimmed before validation (Sex ' M' is invalid)" {
	printf 'RecordId,Sex,BirthDate\nr1, M,2000-01-01\nr2,M , 2000-01-01\nr3,M,2000-01-01\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,BirthDate,Sex\nr1,2000-01-01,\nr2,,\nr3,2000-01-01,Male')"
}

@test "a short row lacks its last attributes (written \"\"); extra fields are ignored" {
	printf 'RecordId,FirstName,LastName,Sex\nr1,Jane\nr2,John,Doe,M,extra,more\nr3,,,\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,FirstName,LastName,Sex\nr1,Jane,"",""\nr2,John,Doe,Male\nr3,,,')"
}

@test "of duplicate attribute columns the later one wins, as in the reference" {
	printf 'RecordId,FirstName,GivenName,FirstName\nr1,Ann,Bea,Cat\nr2,Ann,Bea\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,FirstName\nr1,Bea\nr2,Bea')"
	printf 'RecordId,FirstName,LastName,FirstName\nr1,Ann,Doe,Cat\nr2,Ann,Doe\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_output "$(printf 'RecordId,FirstName,LastName\nr1,Cat,Doe\nr2,"",Doe')"
}

@test "an empty RecordId gets a UUID; a blank one is kept as given" {
	printf 'RecordId,FirstName\n,Ann\n" ",Bea\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_line --index 1 --regexp '^[0-9a-f-]{36},Ann$'
	assert_line --index 2 '" ",Bea'
}

@test "several files give one header when their columns agree" {
	gen_people 2 > a.csv
	gen_people 3 > b.csv
	run --separate-stderr ot-normalize a.csv b.csv
	assert_success
	[ "${#lines[@]}" -eq 6 ]
	[ "$(printf '%s\n' "$output" | grep -c '^RecordId,')" -eq 1 ]
}

@test "files whose attribute columns differ are refused" {
	gen_people 2 > a.csv
	printf 'RecordId,FirstName\nx,Ann\n' > b.csv
	run --separate-stderr ot-normalize a.csv b.csv
	assert_failure 1
	[[ "$stderr" == *"ot-normalize: b.csv: its attribute columns differ from those of a.csv"* ]]
}

@test "an empty input gives an empty output; a header alone gives the header" {
	: > empty.csv
	run --separate-stderr ot-normalize empty.csv
	assert_success
	assert_output ""
	printf 'RecordId,FirstName\n' > hdr.csv
	run --separate-stderr ot-normalize hdr.csv
	assert_success
	assert_output "RecordId,FirstName"
}

@test "a file without a final newline is read whole" {
	printf 'RecordId,FirstName\nr1,Ann\nr2,Bea' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_line --index 2 "r2,Bea"
}

@test "invalid UTF-8 stops with FILE:LINE and exit 1, after the records before it" {
	printf 'RecordId,FirstName\nr1,Ann\nr2,B\xe9a\nr3,Cat\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "${stderr##*$'\n'}" "ot-normalize: in.csv:3: invalid UTF-8 in field 2"
	assert_output "$(printf 'RecordId,FirstName\nr1,Ann')"
}

@test "a NUL byte stops with FILE:LINE and exit 1" {
	printf 'RecordId,FirstName\nr1,A\0nn\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "${stderr##*$'\n'}" "ot-normalize: in.csv:2: NUL byte in field 2"
}

@test "an unterminated quote stops with the line it opened on" {
	printf 'RecordId,FirstName\nr1,Ann\nr2,"Bea\nr3,Cat\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "${stderr##*$'\n'}" "ot-normalize: in.csv:3: quoted field not closed at end of input"
	assert_output "$(printf 'RecordId,FirstName\nr1,Ann')"
}

@test "text after a closing quote is an error, as in the reference's parser" {
	printf 'RecordId,FirstName\nr1,"Ann"x\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "${stderr##*$'\n'}" "ot-normalize: in.csv:2: unexpected character after a closing quote"
	printf 'RecordId,FirstName\nr1,"Ann"  \n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_line --index 1 "r1,Ann"
}

@test "a field over 1 MiB is an error, not a truncation" {
	{ printf 'RecordId,FirstName\nr1,'; head -c 1048577 /dev/zero | tr '\0' a; printf '\n'; } > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "${stderr##*$'\n'}" "ot-normalize: in.csv:2: field 2 longer than 1048576 bytes"
	{ printf 'RecordId,FirstName\nr1,'; head -c 1048576 /dev/zero | tr '\0' a; printf '\n'; } > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
}

@test "a missing input file is an error naming it" {
	run --separate-stderr ot-normalize nosuch.csv
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: nosuch.csv: No such file or directory"
}

@test "a directory as input is an error" {
	mkdir d
	run --separate-stderr ot-normalize d
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: d:1: read error: Is a directory"
}

@test "a full disk is an error (exit 1), never a silent success" {
	gen_people 10 > in.csv
	run --separate-stderr ot-normalize -o /dev/full in.csv
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: write error on /dev/full: No space left on device"
}

@test "memory stays bounded on a long input" {
	[ -z "${OT_SANITIZE:-}" ] || skip "address sanitizer reserves virtual memory"
	run bash -c "ulimit -v 100000; awk 'BEGIN { print \"RecordId,FirstName,LastName\"; for (i = 0; i < 400000; i++) print \"r\" i \",Jos\\303\\251 Mar\\303\\255a Jr.,Dupont\" }' | ot-normalize 2>/dev/null | tail -1"
	assert_success
	assert_output "r399999,JoseMaria,Dupont"
}
