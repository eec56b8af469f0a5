#!/usr/bin/env bats
# Bash completion (scripts/ot-completion.bash) and the man pages against
# the option tables the programs use (tests/helpers/options.py reads
# them from cmd/*.c and scripts/ot-dask).

load helper

COMPLETION=$TOP/scripts/ot-completion.bash

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# Complete the words given as a command line, the last one being
# completed; the candidates one a line.
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ot_complete; printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@"
}

# A program's --help; ot olt's, that of each of its commands.
help_text() {
	case $1 in
	ot-dask) "$TOP/scripts/ot-dask" --help ;;
	ot-olt) ot olt --help
		for c in generate-key-pair initiate-exchange tokenize package encrypt decrypt; do
			ot olt $c --help
		done ;;
	*) "$OT_BIN/$1" --help ;;
	esac
}

@test "completion: every option of every program's table is in the completion, --help and the man page" {
	python3 "$TOP/tests/helpers/options.py" "$TOP" > opts.txt
	[ "$(cut -d' ' -f1 opts.txt | sort -u | wc -l)" -eq 17 ]
	while read -r prog opt arg; do
		bash -c 'source "$1"; _ot_options "$2"' _ "$COMPLETION" "$prog" | tr -s ' \t\n' '\n' |
		    grep -qx -- "$opt" || fail "$prog $opt: not in the completion"
		grep -q -- "Fl -${opt#--}\b" "$TOP/man/$prog.1" || fail "$prog $opt: not in man/$prog.1"
		# --help lists it, on a line saying what it does
		help_text "$prog" | grep -Eq -- "^  (-[a-zA-Z]+, )?$opt(\[?=[A-Z_-]+\]?)? +[^ ]" ||
		    fail "$prog $opt: not in --help"
	done < opts.txt
	# and the completion offers no option a program lacks
	for prog in $(cut -d' ' -f1 opts.txt | sort -u); do
		for opt in $(bash -c 'source "$1"; _ot_options "$2"' _ "$COMPLETION" "$prog"); do
			[ "$opt" = -ot ] && continue
			grep -q "^$prog $opt " opts.txt || fail "$prog $opt: completed but not an option"
		done
	done
}

@test "completion: options, their values, files and subcommands" {
	touch people.csv
	assert_equal "$(complete_words ot-hash --out)" "$(printf -- '--output\n--output-type')"
	assert_equal "$(complete_words ot -i people.csv -t "")" "$(printf 'csv\nparquet')"
	assert_equal "$(complete_words ot-encrypt --alg ECDH-ES+)" "ECDH-ES+A256KW"
	assert_equal "$(complete_words ot-encrypt --alg R)" "RSA-OAEP-256"
	assert_equal "$(complete_words ot-match --mac-alg HS3-5)" "HS3-512"
	assert_equal "$(complete_words ot-keygen -c P-5)" "P-521"
	assert_equal "$(complete_words ot "")" "$(printf 'generate-keypair\ntokenize\ndecrypt\nolt')"
	assert_equal "$(complete_words ot olt en)" "encrypt"
	assert_equal "$(complete_words ot olt tokenize --mo)" "--mode"
	assert_equal "$(complete_words ot olt tokenize --mode h)" "hash-only"
	assert_equal "$(complete_words ot olt decrypt --ring)" ""
	assert_equal "$(complete_words ot olt package --ring)" "--ring-id"
	assert_equal "$(complete_words ot-parquet w)" "write"
	assert_equal "$(complete_words ot-normalize peo)" "people.csv"
	assert_equal "$(complete_words ot -i peo)" "people.csv"
	# an argument that is no file and no word: nothing offered
	assert_equal "$(complete_words ot-split -n "")" ""
}

@test "completion: make install puts the programs, the man pages and the completion under PREFIX" {
	run make -s -C "$TOP" install DESTDIR="$BATS_TEST_TMPDIR/root" PREFIX=/usr ${OT_SANITIZE:+SANITIZE=1}
	assert_success
	r=$BATS_TEST_TMPDIR/root/usr
	for p in ot ot-normalize ot-hash ot-split ot-dask; do
		[ -x "$r/bin/$p" ] && [ -f "$r/share/man/man1/$p.1" ]
		# bash-completion loads a command's file by its name
		[ -e "$r/share/bash-completion/completions/$p" ]
	done
	cmp "$r/share/bash-completion/completions/ot" "$COMPLETION"
}
