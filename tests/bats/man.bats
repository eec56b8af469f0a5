#!/usr/bin/env bats
# Man pages: lint-clean, cross references that resolve, and a synopsis
# that matches each program's --help.

load helper

@test "every program has a man page that mandoc -Tlint passes (warnings and errors)" {
	for p in "$OT_BIN"/ot-*; do
		[ -f "$TOP/man/$(basename "$p").1" ]
	done
	run mandoc -Tlint -W warning "$TOP"/man/*.1
	assert_success
	assert_output ""
}

@test "every .Xr to an ot page names a page in man/" {
	refs=$(grep -ho '^\.Xr ot[a-z-]* 1' "$TOP"/man/*.1 | sort -u | awk '{ print $2 }')
	[ -n "$refs" ]
	for r in $refs; do
		[ -f "$TOP/man/$r.1" ] || fail "man/$r.1 is referenced but missing"
	done
}

@test "each program's usage line is its man page's SYNOPSIS" {
	for p in "$OT_BIN"/ot-* "$TOP/scripts/ot-dask"; do
		name=$(basename "$p")
		synopsis=$(MANWIDTH=200 mandoc -Tascii -O width=200 "$TOP/man/$name.1" | sed 's/.\x08//g' |
		    awk '/^SYNOPSIS/ { on = 1; next } /^[A-Z]/ { on = 0 } on' | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
		# the usage lines, up to the options --help lists after them
		usage=$("$p" --help | sed '/^$/,$d' | sed 's/^usage: //; s/^ *//' | tr -s ' \n' ' ' | sed 's/ $//')
		assert_equal "$usage" "$synopsis"
	done
}
