#!/usr/bin/env bats
# The bad-input matrix: one test per case, each asserting the exact error
# line, the exit status, and that the records before the bad one were all
# written.

load helper

HDR=RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber
GOOD1=r1,Ann,Lee,2000-01-01,F,98004,234-56-7890
GOOD2=r2,Bob,Ray,1990-12-31,M,10001,345-67-8901
OUT_HDR=RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber
OUT1=r1,Ann,Lee,2000-01-01,Female,98004,234-56-7890
OUT2=r2,Bob,Ray,1990-12-31,Male,10001,345-67-8901

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-for-the-tests' > hashing.key
}

# Two good records, then a bad one on line 4, then a good one.
with_bad_record() {
	printf '%s\n%s\n%s\n' "$HDR" "$GOOD1" "$GOOD2"
	printf "$1"
	printf '\nr9,Zed,Orr,1980-05-05,M,20500,456-78-9012\n'
}

assert_first_two() {
	assert_output "$(printf '%s\n%s\n%s' "$OUT_HDR" "$OUT1" "$OUT2")"
}

@test "matrix: invalid UTF-8 in each field" {
	local col fields
	for col in 1 2 3 4 5 6 7; do
		fields=(r3 Cy Dee 2001-01-01 M 30301 567-89-0123)
		fields[$((col - 1))]="${fields[$((col - 1))]}\\xff"
		with_bad_record "$(IFS=,; echo "${fields[*]}")" > in.csv
		run --separate-stderr ot-normalize in.csv
		assert_failure 1
		assert_equal "$stderr" "ot-normalize: in.csv:4: invalid UTF-8 in field $col"
		assert_first_two
	done
}

@test "matrix: overlong and surrogate UTF-8 encodings are invalid too" {
	for bad in '\xc0\xaf' '\xed\xa0\x80' '\xf4\x90\x80\x80' '\xe2\x82'; do
		with_bad_record "r3,A${bad}n,Dee,2001-01-01,M,30301,567-89-0123" > in.csv
		run --separate-stderr ot-normalize in.csv
		assert_failure 1
		assert_equal "$stderr" "ot-normalize: in.csv:4: invalid UTF-8 in field 2"
	done
}

@test "matrix: a NUL byte" {
	with_bad_record 'r3,Cy,De\0e,2001-01-01,M,30301,567-89-0123' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: in.csv:4: NUL byte in field 3"
	assert_first_two
}

@test "matrix: an unterminated quote at the end of the file" {
	printf '%s\n%s\n%s\nr3,"Cy,Dee\n' "$HDR" "$GOOD1" "$GOOD2" > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: in.csv:4: quoted field not closed at end of input"
	assert_first_two
}

@test "matrix: a file without a final newline works" {
	printf '%s\n%s\n%s' "$HDR" "$GOOD1" "$GOOD2" > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_first_two
}

@test "matrix: a header only gives a header, and no tokens" {
	printf '%s\n' "$HDR" > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$OUT_HDR"
	run bash -c 'ot-normalize in.csv | ot-sign | ot-hash -k hashing.key | wc -c'
	assert_output 0
}

@test "matrix: an empty file gives nothing, and a zero-row run of ot" {
	: > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output ""
	ot -i in.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key
	[ ! -s out.csv ]
	grep -q '"TotalRows": 0,' out.metadata.json
}

@test "matrix: a header with duplicate columns: the later one wins, as in the reference" {
	printf 'RecordId,FirstName,FirstName,LastName\nr1,Ann,Bea,Lee\n' > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf 'RecordId,FirstName,LastName\nr1,Bea,Lee')"
}

@test "matrix: BOM and CRLF" {
	printf '\xef\xbb\xbf%s\r\n%s\r\n%s\r\n' "$HDR" "$GOOD1" "$GOOD2" > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_first_two
}

@test "matrix: a BOM that arrives in pieces through a pipe is still skipped" {
	run bash -c "{ printf '\\xef'; sleep 0.2; printf '\\xbb'; sleep 0.2; printf '\\xbfRecordId,FirstName\\nr1,Ann\\n'; } | ot-normalize 2>/dev/null"
	assert_success
	assert_output "$(printf 'RecordId,FirstName\nr1,Ann')"
}

@test "matrix: a 10 MiB field" {
	{ printf '%s\n%s\n%s\nr3,' "$HDR" "$GOOD1" "$GOOD2"; head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' a; printf ',Dee\n'; } > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: in.csv:4: field 2 longer than 1048576 bytes"
	assert_first_two
}

@test "matrix: a 1,000,000-character line works (one long name, or many fields)" {
	{ printf '%s\n' "$HDR"; printf 'r1,'; head -c 999990 /dev/zero | tr '\0' a; printf ',Lee,2000-01-01,F,98004,234-56-7890\n'; } > in.csv
	[ "$(sed -n 2p in.csv | wc -c)" -gt 1000000 ]
	run --separate-stderr ot-normalize in.csv
	assert_success
	[ "$(printf '%s\n' "$output" | sed -n 2p | cut -d, -f2 | wc -c)" -eq 999991 ]
	{ printf '%s\n%s' "$HDR" "$GOOD1"; head -c 999900 /dev/zero | tr '\0' ,; printf '\n'; } > many.csv
	run --separate-stderr ot-normalize many.csv
	assert_success
	assert_output "$(printf '%s\n%s' "$OUT_HDR" "$OUT1")"
}

@test "matrix: ragged rows (too few fields: missing; too many: ignored)" {
	printf '%s\nr1,Ann,Lee\n%s,x,y\n' "$HDR" "$GOOD2" > in.csv
	run --separate-stderr ot-normalize in.csv
	assert_success
	assert_output "$(printf '%s\nr1,Ann,Lee,"","","",""\n%s' "$OUT_HDR" "$OUT2")"
	run bash -c 'ot-normalize in.csv | ot-sign | cut -d, -f2 | tr "\n" " "'
	assert_output "Signature      RAY|B|MALE|1990-12-31 RAY|BOB|1990-12-31|100 RAY|BOB|MALE|1990-12-31 345678901|MALE|1990-12-31 RAY|BOB|MALE "
}

@test "matrix: binary garbage is refused with a FILE:LINE message" {
	awk 'BEGIN { srand(7); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' > garbage.bin
	run --separate-stderr ot-normalize garbage.bin
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" =~ ^ot-normalize:\ garbage\.bin:[0-9]+:\ (invalid\ UTF-8|NUL\ byte|unexpected\ character|quoted\ field|field) ]]
}

@test "matrix: a directory as input" {
	mkdir d
	run --separate-stderr ot-normalize d
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: d:1: read error: Is a directory"
}

@test "matrix: an unreadable file as input" {
	run --separate-stderr ot-normalize /proc/self/mem
	assert_failure 1
	assert_equal "$stderr" "ot-normalize: /proc/self/mem:1: read error: Input/output error"
	if [ "$(id -u)" -ne 0 ]; then
		printf '%s\n' "$HDR" > locked.csv
		chmod 000 locked.csv
		run --separate-stderr ot-normalize locked.csv
		assert_failure 1
		assert_equal "$stderr" "ot-normalize: locked.csv: Permission denied"
	fi
}

@test "matrix: output to /dev/full exits 1 from every program" {
	printf '%s\n%s\n' "$HDR" "$GOOD1" > in.csv
	ot-normalize in.csv > norm.csv
	ot-sign norm.csv > sig.csv
	ot-hash -k hashing.key sig.csv > tok.csv
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	ot-encrypt -k enc.key tok.csv > enc.csv
	for cmd in "ot-normalize in.csv" "ot-meta -o m.json norm.csv" "ot-sign norm.csv" \
	    "ot-hash -k hashing.key sig.csv" "ot-encrypt -k enc.key tok.csv" "ot-decrypt -k enc.key enc.csv"; do
		run --separate-stderr bash -c "$cmd > /dev/full"
		assert_failure 1
		assert_equal "$stderr" "${cmd%% *}: write error on stdout: No space left on device"
	done
	run --separate-stderr ot -i in.csv -t csv -o /dev/full --hash-only --hashing-secret-file hashing.key
	assert_failure 1
}

@test "matrix: a closed stdout (| head -1) ends quietly by SIGPIPE" {
	gen_people 200000 > big.csv
	run bash -c 'ot-normalize big.csv 2> err.txt | head -1; echo "${PIPESTATUS[0]}"'
	assert_line --index 0 "$OUT_HDR"
	assert_line --index 1 141
	[ ! -s err.txt ]
}

@test "matrix: with SIGPIPE ignored, one error line and exit 1, not an error storm" {
	gen_people 200000 > big.csv
	run bash -c 'trap "" PIPE; ot-normalize big.csv 2> err.txt | head -1; echo "${PIPESTATUS[0]}"'
	assert_line --index 1 1
	assert_equal "$(cat err.txt)" "ot-normalize: write error on stdout: Broken pipe"
	run bash -c 'trap "" PIPE; ot-normalize big.csv | ot-sign | ot-hash -k hashing.key 2> err.txt | head -1'
	[ "$(wc -l < err.txt)" -le 1 ]
}
