# Bash completion for ot and the ot-* programs.  Installed by
# "make install" as share/bash-completion/completions/ot (with a link for
# each program); or source it.  tests/bats/completion.bats checks every
# option here against the option tables the programs use.

# The options of each program (and of its subcommands), one string each.
_ot_options() {
	case $1 in
	ot) echo "--input --type --output --output-type -ot --hash-only --decrypt
		--hashing-secret-file --encryption-key-file --raw-key-files
		--hashingsecret --encryptionkey --format --ring-id --progress
		--jobs --pipeline --strict --delimiter --help --version --alg
		--recipient --hash-alg --mac-alg --expires-in --not-before --issuer
		--ppid-dims --legacy-ppid --vector-column --private-key --ring
		--ignore-expiry --compat --hash-record-ids --sha256-only --config
		--rules
		--output-dir --ecdh-curve --receiver-public-key
		--sender-keypair-path --generate-sender-keypair --receiver-keypair-path
		--sender-public-key --record-id-map --private-key-env --audit-log" ;;
	ot-normalize) echo "--output --progress --strict --delimiter --reasons
		--reasons-summary --show-values --compat --config --rules --help
		--version" ;;
	ot-meta) echo "--output --key-file --encryption-key-file --raw-key-files
		--keypair --peer-key --keypair-env --compat --config --rules --help
		--version" ;;
	ot-sign) echo "--output --compat --config --rules --help --version" ;;
	ot-hash) echo "--key-file --raw-key-files --keypair --peer-key --keypair-env
		--output --output-type --progress --hash-alg --mac-alg --sha256-only
		--hash-record-ids --compat --help --version" ;;
	ot-encrypt) echo "--key-file --raw-key-files --keypair --peer-key --keypair-env
		--output --output-type --format --alg --recipient --ring-id --hash-alg
		--mac-alg --expires-in --not-before --issuer --ppid-dims
		--legacy-ppid --progress --compat --help --version" ;;
	ot-decrypt) echo "--key-file --raw-key-files --keypair --peer-key --keypair-env
		--private-key --private-key-env --ring --ignore-expiry
		--exchange-config --output --output-type --token-columns
		--keep-going --progress --audit-log --help --version" ;;
	ot-keygen) echo "--curve --output-dir --fingerprint --audit-log --help
		--version" ;;
	ot-package) echo "--output --sender-key --private-key-env --audit-log
		--help --version" ;;
	ot-match) echo "--key-file --raw-key-files --keypair --peer-key --keypair-env
		--output --rules --min-rules --threshold --one-to-one --all-pairs
		--truth --max-group --summary --memory --ours-metadata
		--theirs-metadata --no-metadata --verbose --private-key
		--private-key-env --ring --ignore-expiry --hash-alg --mac-alg
		--exchange-config --progress --record-id-map --pairs --audit-log
		--help --version" ;;
	ot-report) echo "--output --help --version" ;;
	ot-parquet) echo "--output --codec --columns --row-group-rows
		--row-group-size --help --version" ;;
	ot-inspect) echo "--output --json --key-file --raw-key-files
		--private-key --private-key-env --ring --exchange-config --config
		--help --version" ;;
	ot-audit) echo "--head --help --version" ;;
	ot-olt) echo "--version --no-update-check --help"
		for c in $_ot_olt_commands; do _ot_olt_options "$c"; done ;;
	ot-split) echo "--parts --output-dir --help --version" ;;
	ot-dask) echo "--scheduler --workers --parts --type --output-type
		--output-dir --concat
		--hash-only --rules --hashing-secret-file --encryption-key-file
		--raw-key-files --jobs --retries --bin --quiet --help --version" ;;
	esac
}

# ot olt's commands (the OpenLinkToken 2.1.2 command line) and the
# options of each.
_ot_olt_commands="generate-key-pair initiate-exchange tokenize package encrypt decrypt help"
_ot_olt_options() {
	case $1 in
	generate-key-pair) echo "--curve --name --force --audit-log --help" ;;
	initiate-exchange) echo "--public-key --public-key-stdin --public-key-env
		--name --output --hashingsecret --hashingsecret-stdin
		--hashingsecret-env --curve --force --sender-private-key
		--sender-private-key-env --audit-log --help" ;;
	tokenize) echo "--input --output --mode --exchange-config --config
		--private-key --private-key-env --hash-record-ids --no-progress
		--audit-log --help" ;;
	package) echo "--input --output --exchange-config --config --private-key
		--private-key-env --ring-id --hash-record-ids --record-id-map
		--no-progress --audit-log --help" ;;
	encrypt) echo "--input --output --exchange-config --private-key
		--private-key-env --ring-id --no-progress --audit-log --help" ;;
	decrypt) echo "--input --output --exchange-config --private-key
		--private-key-env --keep-going --no-progress --audit-log --help" ;;
	help) echo "--help" ;;
	esac
}

# The words an option's argument may be, "" for a file name, or "-" for
# an option without an argument.
_ot_values() {
	case $1 in
	-t|--type|-ot|--output-type) echo "csv parquet" ;;
	--format) echo "legacy v1" ;;
	--compat) echo "1.12 1.12-java 1.12-python 2.1 2.1-python 2.1-java" ;;
	--alg) echo "dir A256GCMKW ECDH-ES ECDH-ES+A256KW RSA-OAEP-256" ;;
	--hash-alg) echo "SHA-256 SHA-384 SHA-512 SHA3-256 SHA3-384 SHA3-512" ;;
	--mac-alg) echo "HS256 HS384 HS512 HS3-256 HS3-384 HS3-512" ;;
	-c|--curve|--ecdh-curve) echo "P-256 P-384 P-521" ;;
	--mode) echo "default hash-only demo" ;;
	--codec) echo "snappy zstd gzip none" ;;
	--progress|-P) echo "-" ;;
	--output-dir|--bin|-o|--output|-i|--input|-k|--key-file|--keypair|\
	--peer-key|--private-key|--recipient|--ring|--sender-key|--summary|\
	--hashing-secret-file|--encryption-key-file|--receiver-public-key|\
	--sender-keypair-path|--receiver-keypair-path|--sender-public-key|\
	--concat|--ours-metadata|--theirs-metadata|--exchange-config|--truth|\
	--public-key|--sender-private-key|--audit-log|--record-id-map|\
	--pairs) echo "" ;;
	--ring-id|--expires-in|--not-before|--issuer|--ppid-dims|\
	--vector-column|--rules|--min-rules|--threshold|--max-group|--memory|--columns|\
	--row-group-rows|--row-group-size|--parts|-n|--jobs|-j|--scheduler|\
	--workers|--retries|-h|-e|--hashingsecret|--encryptionkey|--delimiter|\
	--private-key-env|--public-key-env|--hashingsecret-env|\
	--sender-private-key-env|--keypair-env|--head) echo "?" ;;
	*) echo "-" ;;
	esac
}

_ot_complete() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local prog=${COMP_WORDS[0]##*/} values opts
	COMPREPLY=()
	if [ "$prog" = ot ] && [ "$COMP_CWORD" -ge 2 ] && [ "${COMP_WORDS[1]}" = olt ]; then
		# ot olt COMMAND ...: the command, then its own options
		if [ "$COMP_CWORD" -eq 2 ]; then
			COMPREPLY=($(compgen -W "$_ot_olt_commands" -- "$cur"))
			return
		fi
		opts=$(_ot_olt_options "${COMP_WORDS[2]}")
	else
		opts=$(_ot_options "$prog")
	fi
	if [ "$COMP_CWORD" -eq 1 ] && [[ $cur != -* ]]; then
		case $prog in
		ot) COMPREPLY=($(compgen -W "generate-keypair tokenize decrypt olt" -- "$cur"))
			[ ${#COMPREPLY[@]} -gt 0 ] && return ;;
		ot-meta) COMPREPLY=($(compgen -W "merge" -- "$cur")) ;;
		ot-parquet) COMPREPLY=($(compgen -W "cat write" -- "$cur")); return ;;
		ot-audit) COMPREPLY=($(compgen -W "verify" -- "$cur")); return ;;
		esac
	fi
	if [[ $prev == -* && $prev != *=* ]]; then
		values=$(_ot_values "$prev")
		case $values in
		-) ;;
		"?") return ;;
		"") COMPREPLY=($(compgen -f -- "$cur")); return ;;
		*) COMPREPLY=($(compgen -W "$values" -- "$cur")); return ;;
		esac
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	COMPREPLY+=($(compgen -f -- "$cur"))
}

complete -o filenames -F _ot_complete ot ot-normalize ot-meta ot-sign \
    ot-hash ot-encrypt ot-decrypt ot-keygen ot-package ot-match ot-report \
    ot-parquet ot-inspect ot-split ot-dask ot-audit
