#!/usr/bin/env bats
# lib/'s wings: no include runs upward (scripts/check-layers holds the
# order), and the check itself catches each kind of fault.

load helper

copy_lib() {
	cp -r "$TOP/lib" "$BATS_TEST_TMPDIR/lib"
}

@test "layers: no include in lib/ runs upward, and every one names its wing" {
	run "$TOP/scripts/check-layers" "$TOP/lib"
	assert_success
	assert_output ""
}

@test "layers: the ground floor has at most 12 files of code" {
	n=$(ls "$TOP"/lib/*.c | wc -l)
	[ "$n" -le 12 ] || fail "lib/ holds $n .c files"
}

@test "layers: the codec including the record stream is refused" {
	copy_lib
	sed -i '1i #include "csv/csvread.h"' "$BATS_TEST_TMPDIR/lib/parquet/thrift.c"
	run "$TOP/scripts/check-layers" "$BATS_TEST_TMPDIR/lib"
	assert_failure 1
	assert_output 'parquet/thrift.c:1: "csv/csvread.h" runs upward: parquet/ may not include csv/'
}

@test "layers: a helper of the ground floor including a wing is refused" {
	copy_lib
	sed -i '1i #include "person/attr.h"' "$BATS_TEST_TMPDIR/lib/grow.c"
	run "$TOP/scripts/check-layers" "$BATS_TEST_TMPDIR/lib"
	assert_failure 1
	assert_output 'grow.c:1: "person/attr.h" runs upward: lib/ may not include person/'
}

@test "layers: an attribute rule including a token rule is refused" {
	copy_lib
	sed -i '1i #include "token/rules.h"' "$BATS_TEST_TMPDIR/lib/person/date.c"
	run "$TOP/scripts/check-layers" "$BATS_TEST_TMPDIR/lib"
	assert_failure 1
	assert_output 'person/date.c:1: "token/rules.h" runs upward: person/ may not include token/'
}

@test "layers: an include without its wing, and a wing not in the order, are refused" {
	copy_lib
	sed -i '1i #include "attr.h"' "$BATS_TEST_TMPDIR/lib/token/rules.c"
	mkdir "$BATS_TEST_TMPDIR/lib/extra"
	echo '#include "grow.h"' > "$BATS_TEST_TMPDIR/lib/extra/x.c"
	run "$TOP/scripts/check-layers" "$BATS_TEST_TMPDIR/lib"
	assert_failure 1
	assert_line 'token/rules.c:1: "attr.h" is not a file of lib/ (name its wing)'
	assert_line 'extra/x.c: wing extra/ is not in the order of scripts/check-layers'
}

@test "layers: a wing may include itself and those below it" {
	copy_lib
	sed -i '1i #include "parquet/parquet.h"\n#include "csv/csvread.h"\n#include "meta/meta.h"' \
	    "$BATS_TEST_TMPDIR/lib/match/matchsum.c"
	run "$TOP/scripts/check-layers" "$BATS_TEST_TMPDIR/lib"
	assert_success
}
