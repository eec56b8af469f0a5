#!/usr/bin/env bats
# Issue 21, found by an adversarial review and a newcomer's trial (items
# 2, 6, 7, 8, 9, 11, 12, 14 to 19): each test failed on the code before
# its fix.

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf 'HashingKey-for-the-tests' > hashing.key
	printf 'Secret-Encryption-Key-Goes-Here.' > enc.key
	gen_people 40 > people.csv
}

# A receiver and a sender key pair, r/ and s/.
two_parties() {
	ot-keygen -o r > /dev/null
	ot-keygen -o s > /dev/null
}

@test "21.14: a package whose name holds '..' is one ot decrypt reads; one its reader would refuse is not made" {
	two_parties
	ot tokenize -i people.csv -t csv -o acme..2026.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
	unzip -Z1 acme..2026.zip | grep -qx 'acme..2026_temp.csv'
	run ot decrypt -i acme..2026.zip -t csv -o theirs.csv --receiver-keypair-path r/keypair.pem
	assert_success
	ot tokenize -i people.csv -t csv -o ours.csv --hash-only --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
	cmp theirs.csv ours.csv
	# a backslash would make an entry name the reader refuses: refused
	# at once, before any tokenizing, and nothing left
	mkdir d && cd d
	run --separate-stderr ot tokenize -i ../people.csv -t csv -o 'a\b.zip' \
	    --receiver-public-key ../r/public_key.pem --sender-keypair-path ../s/keypair.pem
	assert_failure 1
	assert_equal "$stderr" 'ot: a\b.zip: its entries would be named a\b_temp.csv, which is not a plain file name (a backslash, or a drive such as C:): name the package otherwise'
	[ -z "$(ls -A)" ]
}

@test "21.15: ot-inspect escapes the kid, which nothing authenticates" {
	ot-normalize people.csv 2> /dev/null | ot-sign | ot-hash -k hashing.key > hashed.csv
	ot-encrypt --format v1 --ring-id "$(printf '\033[31mred, evil 9\nfake line')" -k enc.key hashed.csv > v1.csv
	run ot-inspect v1.csv
	assert_success
	assert_line '  ring ids (kid): \x1b[31mred\x2c\x20evil\x209\x0afake\x20line 200'
	# no control character, and no line but the report's own (its
	# expiry line among them)
	[[ "$output" != *$'\033'* ]]
	assert_line '  V1 expiry (headers): 0 valid, 0 expired, 0 not yet valid, 200 without exp or nbf'
	[ "${#lines[@]}" -eq 8 ]
	# the JSON report keeps the value, escaped by JSON
	ot-inspect --json v1.csv | python3 -c 'import json, sys
r = json.load(sys.stdin)[0]
assert list(r["v1"]["kid"]) == ["\x1b[31mred, evil 9\nfake line"], r'
}

@test "21.16: --generate-sender-keypair makes the key directory, ~/.opentoken by default" {
	ot-keygen -o r > /dev/null
	export HOME=$BATS_TEST_TMPDIR/home
	mkdir "$HOME"
	run --separate-stderr ot tokenize -i people.csv -t csv -o t.zip --receiver-public-key r/public_key.pem \
	    --generate-sender-keypair
	assert_success
	assert_equal "$stderr" "ot: made the sender key pair $HOME/.opentoken/keypair.pem and $HOME/.opentoken/public_key.pem"
	assert_equal "$(stat -c %a "$HOME/.opentoken")" 700
	assert_equal "$(stat -c %a "$HOME/.opentoken/keypair.pem")" 600
	ot decrypt -i t.zip -t csv -o d.csv --receiver-keypair-path r/keypair.pem
	# and a path of several new directories
	run ot tokenize -i people.csv -t csv -o u.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path a/b/c/kp.pem --generate-sender-keypair
	assert_success
	[ -f a/b/c/kp.pem ] && [ -f a/b/c/public_key.pem ]
}

@test "21.17: a package of another sender is named by both fingerprints, in ot's words" {
	two_parties
	ot-keygen -o other > /dev/null
	ot tokenize -i people.csv -t csv -o p.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
	fs=$(ot-keygen -f s/public_key.pem)
	fo=$(ot-keygen -f other/public_key.pem)
	run --separate-stderr ot decrypt -i p.zip -t csv -o d.csv --receiver-keypair-path r/keypair.pem \
	    --sender-public-key other/public_key.pem
	assert_failure 1
	assert_equal "$stderr" "ot: p.zip: made by the sender key $fs (its sender_public_key.pem), not by $fo (--sender-public-key other/public_key.pem): from another sender, or that key is not theirs"
	[ ! -e d.csv ]
	run --separate-stderr ot-decrypt --keypair r/keypair.pem --peer-key other/public_key.pem p.zip
	assert_failure 1
	assert_equal "$stderr" "ot-decrypt: p.zip: made by the sender key $fs (its sender_public_key.pem), not by $fo (--peer-key other/public_key.pem): from another sender, or that key is not theirs"
	# the right one passes
	ot decrypt -i p.zip -t csv -o d.csv --receiver-keypair-path r/keypair.pem \
	    --sender-public-key s/public_key.pem
}

@test "21.17: an option of the other subcommand is named, with the usage" {
	for o in --hash-only --pipeline "-j 2" "--receiver-public-key x" "--generate-sender-keypair"; do
		run --separate-stderr ot decrypt -i p.zip -t csv -o d.csv $o
		assert_failure 2
		case $o in
		--hash-only|--pipeline) want="ot: $o is not an option of ot decrypt: decrypting always writes hash-only tokens, by the ot-decrypt stage" ;;
		-j*) want="ot: -j, --jobs is not an option of ot decrypt: decrypting always writes hash-only tokens, by the ot-decrypt stage" ;;
		*) want="ot: ${o% x} is not an option of ot decrypt: it is one of ot tokenize" ;;
		esac
		assert_equal "${stderr_lines[0]}" "$want"
		[[ "${stderr_lines[1]}" == "usage: ot "* ]]
	done
	run --separate-stderr ot tokenize -i people.csv -t csv -o t.zip --sender-public-key x
	assert_failure 2
	assert_equal "${stderr_lines[0]}" "ot: --sender-public-key is not an option of ot tokenize: it is one of ot decrypt"
}

@test "21.19: one fingerprint of a key however its file encodes it (compressed point, explicit parameters)" {
	openssl ecparam -name secp384r1 -genkey -noout -out k.pem
	openssl ec -in k.pem -pubout -out plain.pem 2> /dev/null
	openssl ec -in k.pem -pubout -conv_form compressed -out compressed.pem 2> /dev/null
	openssl ec -in k.pem -pubout -param_enc explicit -out explicit.pem 2> /dev/null
	openssl ec -in k.pem -param_enc explicit -out explicit-private.pem 2> /dev/null
	# the rule: SHA-256 of the SubjectPublicKeyInfo by the curve's name,
	# point uncompressed, as the references and openssl with these
	# options write it
	want=$(openssl pkey -pubin -in compressed.pem -outform DER -ec_conv_form uncompressed \
	    -ec_param_enc named_curve | sha256sum | cut -d' ' -f1)
	assert_equal "$(openssl pkey -pubin -in plain.pem -outform DER | sha256sum | cut -d' ' -f1)" "$want"
	for f in plain compressed explicit explicit-private k; do
		assert_equal "$(ot-keygen -f $f.pem)" "$want"
	done
	# and what a package made with the explicit key pair records
	ot-keygen -o r > /dev/null
	ot tokenize -i people.csv -t csv -o p.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path explicit-private.pem 2> /dev/null
	unzip -p p.zip p_temp.metadata.json | grep -q "\"SenderPublicKeyHash\":\"$want\"" ||
	    unzip -p p.zip p_temp.metadata.json | grep -q "\"SenderPublicKeyHash\": *\"$want\""
	unzip -p p.zip sender_public_key.pem | cmp - plain.pem
}

# Run a command with standard error a pipe whose reader is gone, as
# "2>&1 | head" leaves it, SIGPIPE at its default.
closed_stderr() {
	python3 -c 'import os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
r, w = os.pipe()
os.close(r)
os.dup2(w, 2)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}

# Start a command in the background with SIGINT and SIGQUIT at their
# defaults (a background job of a script ignores them), as $pid, once
# it is that command (before, the shell's child and python ignore the
# signals, and on a loaded machine that takes a while).
background() {
	local name=${1##*/}

	python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@" &
	pid=$!
	for i in $(seq 400); do
		[ "$(cat /proc/$pid/comm 2> /dev/null)" = "${name:0:15}" ] && break
		sleep 0.05
	done
}

@test "21.11: a closed standard error (SIGPIPE) leaves no temporary file, on threads, as stages, for a package" {
	for mode in "-j 1" "-j 2" --pipeline; do
		st=0
		closed_stderr ot -i people.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key \
		    --progress=always $mode || st=$?
		assert_equal "$mode $st" "$mode 141"
		[ -z "$(ls | grep '^out')" ]
	done
	two_parties
	for mode in "-j 2" --pipeline; do
		st=0
		closed_stderr ot tokenize -i people.csv -t csv -o x.zip --receiver-public-key r/public_key.pem \
		    --sender-keypair-path s/keypair.pem --progress=always $mode || st=$?
		assert_equal "$mode $st" "$mode 141"
		[ -z "$(ls | grep '^x\.zip')" ]
	done
	# a stage with -o alike
	st=0
	closed_stderr ot-normalize -P always -o norm.csv people.csv || st=$?
	assert_equal "$st" 141
	[ -z "$(ls | grep '^norm')" ]
}

# The command, reading the FIFO gate, stopped by SIGQUIT while it waits:
# it ends by that signal.
quit_at_gate() {
	mkfifo gate
	background "$@"
	sleep 0.5
	kill -QUIT "$pid"
	st=0
	wait "$pid" || st=$?
	assert_equal "$*: $st" "$*: 131"
	sleep 0.2
	rm gate
}

@test "21.11: SIGQUIT leaves no temporary file; a signal ignored at the start stays ignored" {
	for mode in "-j 2" --pipeline; do
		quit_at_gate ot -i gate -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode
		[ -z "$(ls | grep '^out')" ]
	done
	# nohup's SIGHUP: ot runs on and finishes
	mkfifo gate
	nohup ot -i gate -t csv -o out.csv --hash-only --hashing-secret-file hashing.key -j 2 > /dev/null 2>&1 &
	pid=$!
	for i in $(seq 200); do
		[ "$(cat /proc/$pid/comm 2> /dev/null)" = ot ] && break
		sleep 0.05
	done
	sleep 0.5
	kill -HUP "$pid"
	cat people.csv > gate
	wait "$pid"
	[ -s out.csv ] && [ -s out.metadata.json ]
}

@test "21.12: no core dump holds a secret: ot, its stages, a stage alone, a key pair" {
	ulimit -c unlimited
	[ "$(cat /proc/sys/kernel/core_pattern)" = core ] || skip "cores are not written to the working directory"
	two_parties
	for cmd in "ot -i gate -t csv -o out.csv --hash-only --hashing-secret-file hashing.key -j 2" \
	    "ot -i gate -t csv -o out.csv --hash-only --hashing-secret-file hashing.key --pipeline" \
	    "ot-hash -k hashing.key gate" \
	    "ot tokenize -i gate -t csv -o x.zip --receiver-public-key r/public_key.pem --sender-keypair-path s/keypair.pem"; do
		rm -f core core.*
		quit_at_gate $cmd
		# a core would be here, with the secret (or the private key) in it
		[ -z "$(ls | grep '^core')" ] || fail "$cmd: left $(ls | grep '^core')"
	done
}

# A package p.zip for r from s, of N generated people.
package_of() {
	gen_people "$1" > many.csv
	ot tokenize -i many.csv -t csv -o p.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
}

@test "21.9: a package entry is extracted only within its bound (a ZIP bomb is refused, nothing left)" {
	two_parties
	package_of 20
	mkdir tmp
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	# the same package, its token entry 80 MB of one line again and again
	python3 - <<-'PY'
	import zipfile
	src = zipfile.ZipFile("p.zip")
	with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
	    for i in src.infolist():
	        if i.filename.endswith(".csv"):
	            with z.open(i.filename, "w", force_zip64=True) as f:
	                f.write(b"RuleId,Token,RecordId\n")
	                line = b"T1," + b"A" * 60 + b",x\n"
	                for _ in range(80 * 1024 * 1024 // len(line)):
	                    f.write(line)
	        else:
	            z.writestr(i, src.read(i.filename))
	PY
	[ "$(wc -c < bomb.zip)" -lt 1000000 ]
	run --separate-stderr ot-decrypt --keypair r/keypair.pem bomb.zip
	assert_failure 1
	[[ "$stderr" =~ ^"ot-decrypt: bomb.zip: entry p_temp.csv: expands past "[0-9]+" bytes, more than 256 times its compressed size: refused (a ZIP bomb?)"$ ]]
	assert_output ""
	[ -z "$(ls -A tmp)" ]
	run ot decrypt -i bomb.zip -t csv -o d.csv --receiver-keypair-path r/keypair.pem
	assert_failure 1
	[ -z "$(ls -A tmp)" ] && [ ! -e d.csv ]
	run ot-match --keypair r/keypair.pem people.csv bomb.zip
	assert_failure 1
	[ -z "$(ls -A tmp)" ]
	# a real package is far within it
	ot-decrypt --keypair r/keypair.pem p.zip > /dev/null
}

@test "21.9: the extracted tokens are removed on every exit: a bad -o, a curve mismatch, SIGTERM" {
	two_parties
	mkdir tmp
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	package_of 20
	run ot-decrypt --keypair r/keypair.pem -o /nonexistent/x.csv p.zip
	assert_failure 1
	[ -z "$(ls -A tmp)" ]
	# a package naming our key, from a sender key on another curve
	ot-keygen -c P-256 -o s256 > /dev/null
	python3 - "$(ot-keygen -f s256/public_key.pem)" <<-'PY'
	import sys, zipfile
	src = zipfile.ZipFile("p.zip")
	with zipfile.ZipFile("curve.zip", "w", zipfile.ZIP_DEFLATED) as z:
	    for i in src.infolist():
	        data = src.read(i.filename)
	        if i.filename.endswith(".metadata.json"):
	            import json
	            m = json.loads(data)
	            m["SenderPublicKeyHash"] = sys.argv[1]
	            data = json.dumps(m).encode()
	        elif i.filename == "sender_public_key.pem":
	            data = open("s256/public_key.pem", "rb").read()
	        z.writestr(i.filename.replace("p_temp", "curve_temp"), data)
	PY
	run --separate-stderr ot-decrypt --keypair r/keypair.pem curve.zip
	assert_failure 2
	[[ "$stderr" == *"is a P-384 key but"*"is a P-256 key: both must be on one curve" ]]
	[ -z "$(ls -A tmp)" ]
	# a stop signal while the tokens are decrypted, with -o (whose guard
	# once replaced the package's)
	package_of 60000
	ot-decrypt --keypair r/keypair.pem p.zip > ours.csv
	for prog in ot-decrypt ot-match; do
		case $prog in
		ot-decrypt) ot-decrypt --keypair r/keypair.pem -o out.csv p.zip & ;;
		ot-match) ot-match --keypair r/keypair.pem -o out.csv ours.csv p.zip & ;;
		esac
		pid=$!
		for i in $(seq 100); do
			ls out.csv.* > /dev/null 2>&1 && break
			sleep 0.05
		done
		ls out.csv.* > /dev/null 2>&1 || fail "$prog: no temporary output"
		kill -TERM "$pid"
		st=0
		wait "$pid" || st=$?
		assert_equal "$prog $st" "$prog 143"
		[ -z "$(ls -A tmp)" ] || fail "$prog: left $(ls tmp)"
		[ -z "$(ls | grep '^out')" ]
	done
}

@test "21.6: two runs to one -o leave one run's tokens beside that run's metadata" {
	command -v strace > /dev/null || skip "no strace"
	gen_people 10 > ten.csv
	gen_people 20 > twenty.csv
	for mode in "-j 2" --pipeline; do
		rm -f out.csv out.metadata.json
		# run A stops for two seconds after its first rename (its tokens);
		# LeakSanitizer cannot run under ptrace
		ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null -e trace=rename,renameat,renameat2 \
		    -e inject=rename,renameat,renameat2:delay_exit=2000000:when=1 \
		    ot -i ten.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode &
		a=$!
		for i in $(seq 100); do
			[ -e out.csv ] && break
			sleep 0.05
		done
		[ -e out.csv ] || fail "run A renamed nothing"
		# run B, all of it meanwhile
		ot -i twenty.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode
		wait "$a"
		rows=$(python3 -c 'import json; print(json.load(open("out.metadata.json"))["TotalRows"])')
		assert_equal "$mode $(( $(wc -l < out.csv) - 1 ))" "$mode $(( 5 * rows ))"
	done
}

# A file in /dev, as it is (another program may have left one there).
dev_stamp() {
	stat -c '%i %Y.%y' "$1" 2> /dev/null || echo none
}

@test "21.18: no metadata file beside a null output (/dev/null, /dev/stdout, a device)" {
	null=$(dev_stamp /dev/null.metadata.json)
	out=$(dev_stamp /dev/stdout.metadata.json)
	for mode in "-j 2" --pipeline; do
		ot -i people.csv -t csv -o /dev/null --hash-only --hashing-secret-file hashing.key $mode
		if [ "$(dev_stamp /dev/null.metadata.json)" != "$null" ]; then
			[ "$null" != none ] || rm -f /dev/null.metadata.json
			fail "$mode: /dev/null.metadata.json written"
		fi
		ot -i people.csv -t csv -o /dev/stdout --hash-only --hashing-secret-file hashing.key $mode | cat > tok.csv
		[ "$(wc -l < tok.csv)" -eq 201 ]
		if [ "$(dev_stamp /dev/stdout.metadata.json)" != "$out" ]; then
			[ "$out" != none ] || rm -f /dev/stdout.metadata.json
			fail "$mode: /dev/stdout.metadata.json written"
		fi
		# standard output a regular file: written there, the link in
		# /proc (or /dev) never replaced
		ot -i people.csv -t csv -o /proc/self/fd/1 --hash-only --hashing-secret-file hashing.key $mode > tok.csv
		[ "$(wc -l < tok.csv)" -eq 201 ]
		ot-normalize -o /proc/self/fd/1 people.csv > norm.csv
		[ "$(wc -l < norm.csv)" -eq 41 ]
	done
	# a FIFO of one's own still gets its metadata beside it
	mkfifo fifo.csv
	cat fifo.csv > got.csv &
	ot -i people.csv -t csv -o fifo.csv --hash-only --hashing-secret-file hashing.key
	wait
	[ -s fifo.metadata.json ] && [ "$(wc -l < got.csv)" -eq 201 ]
}

@test "21.18: examples/Makefile makes every partition again when the mode changes" {
	unset MAKEFLAGS MFLAGS MAKELEVEL
	cp "$TOP/examples/Makefile" .
	mkdir in
	gen_people 300 > all.csv
	{ head -1 all.csv; sed -n 2,151p all.csv; } > in/a.csv
	{ head -1 all.csv; sed -n 152,301p all.csv; } > in/b.csv
	vars="OT=$OT_BIN/ot OT_META=$OT_BIN/ot-meta OT_PACKAGE=$OT_BIN/ot-package"
	two_parties
	# keys older than the tokens, as when they were made long before
	touch -d '1 hour ago' r/* s/* hashing.key enc.key
	make -s -j2 $vars 2> /dev/null
	run make -j2 $vars
	assert_output "make: Nothing to be done for 'all'."
	run make -j2 $vars package RECEIVER_PUBLIC_KEY=r/public_key.pem SENDER_KEYPAIR=s/keypair.pem
	assert_success
	ot decrypt -i out/package.zip -t csv -o dec.csv --receiver-keypair-path r/keypair.pem 2> /dev/null
	ot tokenize -i all.csv -t csv -o whole.csv --hash-only --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
	cmp dec.csv whole.csv
	# and back: shared secrets again
	run make -j2 $vars
	assert_success
	ot -d -i out/a.tokens.csv -t csv -o a.dec.csv --encryption-key-file enc.key
	grep -q '"HashingSecretHash"' out/metadata.json
}

@test "21.7: a normalized stream's missing values stay missing in Parquet (nulls), invalid ones invalid" {
	# short rows (their last attributes missing) and invalid values
	cat > ragged.csv <<-'CSV'
	RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber
	r1,Ann,Lee,1980-01-01,F,98004,123-45-6780
	r2,Bob,Ray,1970-02-02
	r3,Cy,Moe,1960-03-03,MALE,00000
	r4,Di
	r5,Ed,Ng,1950-04-04,M,98004,000-00-0000
	CSV
	ot-normalize ragged.csv > norm.csv 2> /dev/null
	grep -q '^r2,Bob,Ray,1970-02-02,"","",""$' norm.csv
	ot-parquet write -o norm.parquet norm.csv
	# the round trip is the identity, "" included
	ot-parquet cat norm.parquet | cmp - norm.csv
	# the same counts from CSV, from Parquet (as records and as text), and from ot
	counts() { python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(j["TotalRows"], j["InvalidAttributesByType"], j["BlankTokensByRule"])' "$1"; }
	ot-meta -o csv.json -k hashing.key norm.csv > /dev/null
	ot-meta -o pq.json -k hashing.key norm.parquet > /dev/null
	ot -i ragged.csv -t csv -o tok.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	want=$(counts csv.json)
	assert_equal "$(counts pq.json)" "$want"
	assert_equal "$(counts tok.metadata.json)" "$want"
	[[ "$want" == "5 {'BirthDate': 0, 'FirstName': 0, 'LastName': 0, 'PostalCode': 1, 'Sex': 1, 'SocialSecurityNumber': 1}"* ]]
	# and the signatures alike
	cmp <(ot-sign norm.parquet) <(ot-sign norm.csv)
	# DuckDB reads the attributes as nullable, the missing ones as NULL
	need_node
	pq rows duckdb norm.parquet | python3 -c 'import json, sys
rows = [json.loads(l) for l in sys.stdin]
sex = [r[rows[0].index("Sex")] for r in rows[1:]]
assert sex == ["Female", None, "", None, "Male"], sex
assert None not in [r[0] for r in rows[1:]]'
}

@test "21.2: a semicolon export is refused with the delimiter to give, and read with --delimiter" {
	tr , ';' < people.csv > semi.csv
	ot -i people.csv -t csv -o want.csv --hash-only --hashing-secret-file hashing.key
	two_parties
	for mode in "-j 2" --pipeline; do
		rm -f out.csv out.metadata.json
		run --separate-stderr ot -i semi.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode
		assert_failure 1
		case $mode in
		-j*) p=ot ;;
		*) p=ot-normalize ;;
		esac
		assert_equal "$stderr" "$p: semi.csv:1: no attribute column: the header (\"RecordId;FirstName;LastName;BirthDate;Sex;PostalCode;SocialSecurityNumb...\") has no ',' but ';': give --delimiter ';'"
		[ -z "$(ls | grep '^out')" ]
		run ot tokenize -i semi.csv -t csv -o p.zip --receiver-public-key r/public_key.pem \
		    --sender-keypair-path s/keypair.pem $mode
		assert_failure 1
		[ -z "$(ls | grep '^p\.zip')" ]
		# given, the same tokens as with commas
		ot -i semi.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode --delimiter ';'
		cmp out.csv want.csv
		cmp <(grep -v Timestamp out.metadata.json) <(grep -v Timestamp want.metadata.json)
	done
	tr , '\t' < people.csv > tab.csv
	run --separate-stderr ot-normalize tab.csv
	assert_failure 1
	[[ "$stderr" == *"has no ',' but a tab: give --delimiter tab" ]]
	cmp <(ot-normalize --delimiter tab tab.csv) <(ot-normalize people.csv)
	run --separate-stderr ot-normalize --delimiter '"' people.csv
	assert_failure 2
	assert_equal "$stderr" "ot-normalize: --delimiter \": not one character (other than a quote or a line end), or tab"
}

@test "21.2: a header ot recognises nothing of is refused, naming the columns it reads" {
	printf 'first_name,dob,zip\nAnn,1980-01-01,98004\nBob,1970-02-02,98005\n' > other.csv
	for mode in "-j 1" --pipeline; do
		run --separate-stderr ot -i other.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode
		assert_failure 1
		[[ "$stderr" == *'other.csv:1: no attribute column in the header ("first_name,dob,zip"), so every token would be blank: ot reads FirstName or GivenName; LastName or Surname; BirthDate or DateOfBirth; Sex or Gender; PostalCode, ZipCode, ZIP3, ZIP4 or ZIP5; SocialSecurityNumber or NationalIdentificationNumber (in any case)' ]]
		# one line, not a warning per attribute
		[ "${#stderr_lines[@]}" -eq 1 ]
		[ -z "$(ls | grep '^out')" ]
	done
	run ot-normalize other.csv
	assert_failure 1
}

@test "21.2: records whose every rule is blank are refused; --strict for ot" {
	# names alone: every rule needs a birth date or a sex too
	printf 'RecordId,FirstName,LastName\nr1,Ann,Lee\nr2,Bob,Ray\n' > names.csv
	for mode in "-j 2" --pipeline; do
		run --separate-stderr ot -i names.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode
		assert_failure 1
		case $mode in
		-j*) want="ot: names.csv: every rule is blank" ;;
		*) want="ot-sign: every rule is blank" ;;
		esac
		[[ "${stderr_lines[-1]}" == "$want in all 2 records: no token made can ever match (the warnings above, or ot-normalize --reasons, say why)" ]]
		[ -z "$(ls | grep '^out')" ]
		# --strict: a missing column is a usage error instead
		run --separate-stderr ot -i names.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key \
		    --strict $mode
		assert_failure 2
		[[ "$stderr" == *"names.csv: no BirthDate column (BirthDate or DateOfBirth)"* ]]
		[ -z "$(ls | grep '^out')" ]
	done
	# every value invalid
	printf 'RecordId,FirstName,LastName,BirthDate,Sex\nr1,Ann,Lee,31/12/1980,MALE\n' > bad.csv
	ot-normalize bad.csv 2> /dev/null > norm.csv
	run --separate-stderr ot-sign norm.csv
	assert_failure 1
	assert_equal "$stderr" "ot-sign: every rule is blank in its 1 record: no token made can ever match (the warnings above, or ot-normalize --reasons, say why)"
	# one record with a rule is enough; a header alone is no records
	printf 'r2,Bob,Ray,1970-02-02,M\n' >> bad.csv
	ot -i bad.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
	head -1 bad.csv > header.csv
	ot -i header.csv -t csv -o h.csv --hash-only --hashing-secret-file hashing.key 2> /dev/null
}

@test "21.2: an attribute invalid in 10% of the records or more draws one line, on ot and ot-normalize" {
	gen_people 4000 | awk -F, -v OFS=, 'NR > 1 && NR % 4 == 0 { $5 = ($5 == "Male" ? "MALE" : "FEMALE") } 1' > sex.csv
	line="warning: Sex invalid in 1000 of 4000 records (25%), mostly sex-spelling: not M, F, Male or Female (first letter in either case); the rules using it are blank there (ot-normalize --reasons lists them)"
	for mode in "-j 2" "-j 1" --pipeline; do
		run --separate-stderr ot -i sex.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key $mode
		assert_success
		case $mode in
		--pipeline) assert_equal "$stderr" "ot-normalize: $line" ;;
		*) assert_equal "$stderr" "ot: $line" ;;
		esac
	done
	run --separate-stderr ot-normalize -o norm.csv sex.csv
	assert_success
	assert_equal "$stderr" "ot-normalize: $line"
	# asked for the reasons: no such line
	run --separate-stderr ot-normalize --reasons-summary sex.csv
	assert_equal "$stderr" ""
	# under the share, or a few values of a small file: none
	gen_people 4000 | awk -F, -v OFS=, 'NR > 1 && NR % 11 == 0 { $5 = "MALE" } 1' > few.csv
	run --separate-stderr ot-normalize -o norm.csv few.csv
	assert_equal "$stderr" ""
	run --separate-stderr ot -i people.csv -t csv -o out.csv --hash-only --hashing-secret-file hashing.key
	assert_equal "$stderr" ""
	# a Parquet input alike, by the same counts
	ot-parquet write -o sex.parquet sex.csv
	run --separate-stderr ot -i sex.parquet -t parquet -o out.csv --hash-only --hashing-secret-file hashing.key
	assert_equal "$stderr" "ot: $line"
}

# The peak resident memory, in MiB, of a command (which must succeed
# unless the first argument is "!").
peak_mib() {
	python3 -c 'import resource, subprocess, sys
neg = sys.argv[1] == "!"
args = sys.argv[2:] if neg else sys.argv[1:]
rc = subprocess.run(args, stdout=subprocess.DEVNULL).returncode
if (rc != 0) != neg:
    sys.exit("%s: exit status %d" % (args[0], rc))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$@"
}

@test "21.8: columns ot does not use are never read; the rest stay within OT_PARQUET_MEMORY" {
	# two columns of 40 values of 5 MB each: a 400 KB file, 400 MB of pages
	python3 "$TOP/tests/helpers/parquet-pages.py" big.parquet people.csv Notes=5000000 Scan=5000000
	[ "$(wc -c < big.parquet)" -lt 1000000 ]
	ot -i people.csv -t csv -o want.csv --hash-only --hashing-secret-file hashing.key
	for mode in "-j 2" --pipeline; do
		m=$(peak_mib ot -i big.parquet -t parquet -ot csv -o got.csv --hash-only --hashing-secret-file hashing.key $mode)
		[ "$m" -lt 64 ] || fail "$mode: $m MiB"
		cmp got.csv want.csv
	done
	m=$(peak_mib ot-normalize -o norm.csv big.parquet)
	[ "$m" -lt 64 ] || fail "ot-normalize: $m MiB"
	# a column that is read (ot-parquet cat reads all): refused at the
	# bound, naming the column, before its pages are expanded
	m=$(peak_mib ! ot-parquet cat big.parquet 2> /dev/null)
	[ "$m" -lt 64 ] || fail "ot-parquet cat: $m MiB"
	run --separate-stderr ot-parquet cat big.parquet
	assert_failure 1
	assert_equal "$stderr" "ot-parquet: big.parquet: row group 0, column Notes: its pages and dictionary take more than the 256 MiB a file's columns may take in memory (OT_PARQUET_MEMORY)"
	OT_PARQUET_MEMORY=1G ot-parquet cat big.parquet | head -1 | grep -qx 'RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber,Notes,Scan'
	# an attribute column past a smaller bound
	python3 "$TOP/tests/helpers/parquet-pages.py" given.parquet people.csv GivenName=300000
	run --separate-stderr env OT_PARQUET_MEMORY=4M ot-normalize given.parquet
	assert_failure 1
	assert_equal "${stderr_lines[-1]}" "ot-normalize: given.parquet:2: row group 0, column GivenName: its pages and dictionary take more than the 4 MiB a file's columns may take in memory (OT_PARQUET_MEMORY)"
	run --separate-stderr env OT_PARQUET_MEMORY=lots ot-normalize given.parquet
	assert_failure 2
	assert_equal "$stderr" "ot-normalize: OT_PARQUET_MEMORY lots: not a size (e.g. 256M)"
}

@test "21.8: a partner's Parquet package with columns of junk: ot-match and ot decrypt read its tokens alone" {
	two_parties
	ot tokenize -i people.csv -t csv -ot parquet -o p.zip --receiver-public-key r/public_key.pem \
	    --sender-keypair-path s/keypair.pem 2> /dev/null
	unzip -p p.zip p_temp.parquet > tokens.parquet
	ot-parquet cat tokens.parquet > tokens.csv
	python3 "$TOP/tests/helpers/parquet-pages.py" junk.parquet tokens.csv J1=2000000 J2=2000000 J3=2000000
	python3 - <<-'PY'
	import zipfile
	src = zipfile.ZipFile("p.zip")
	with zipfile.ZipFile("junk.zip", "w", zipfile.ZIP_DEFLATED) as z:
	    for i in src.infolist():
	        data = open("junk.parquet", "rb").read() if i.filename.endswith(".parquet") else src.read(i.filename)
	        z.writestr(i.filename.replace("p_temp", "junk_temp"), data)
	PY
	ot tokenize -i people.csv -t csv -o ours.csv --hash-only --receiver-public-key s/public_key.pem \
	    --sender-keypair-path r/keypair.pem 2> /dev/null
	m=$(peak_mib ot-match --keypair r/keypair.pem -o pairs.csv ours.csv junk.zip)
	[ "$m" -lt 96 ] || fail "ot-match: $m MiB"
	[ "$(wc -l < pairs.csv)" -eq 41 ]
	m=$(peak_mib ot decrypt -i junk.zip -t parquet -ot csv -o theirs.csv --receiver-keypair-path r/keypair.pem)
	[ "$m" -lt 96 ] || fail "ot decrypt: $m MiB"
	cmp theirs.csv ours.csv
}

@test "21.19: the README's PATH line puts ./bin on PATH" {
	[ -x "$TOP/bin/ot" ] || skip "no ./bin (a sanitizer build only)"
	sed -n '/^<!-- path:begin -->$/,/^<!-- path:end -->$/p' "$TOP/README.md" | sed '1d;$d;s/^    //' > path.sh
	[ "$(wc -l < path.sh)" -eq 1 ]
	run env -i HOME="$HOME" bash -c 'cd "$1" && PATH=/usr/bin:/bin && . "$2" && command -v ot ot-normalize' _ "$TOP" "$PWD/path.sh"
	assert_success
	assert_output "$(printf '%s\n' "$TOP/bin/ot" "$TOP/bin/ot-normalize")"
}

@test "21.19: every birth-date form ot-normalize(1) lists reads as it says, and every rejection has its reason" {
	man=$TOP/man/ot-normalize.1
	sed -n '/^\.Sh BIRTH DATES/,/^\.Sh REASONS/p' "$man" > dates.1
	# .It Ql FORM Ta Ql EXAMPLE Ta Ql WRITTEN
	sed -n 's/^\.It Ql [^ ]* Ta Ql \([^ ]*\) Ta Ql \([^ ]*\)$/\1 \2/p' dates.1 > good.txt
	[ "$(wc -l < good.txt)" -eq 9 ]
	{ echo RecordId,BirthDate; awk '{ print "r" NR "," $1 }' good.txt; } > good.csv
	assert_equal "$(ot-normalize good.csv | tail -n +2 | cut -d, -f2)" "$(cut -d' ' -f2 good.txt)"
	# .It Ql VALUE Ta Cm REASON
	sed -n 's/^\.It Ql \(.*\) Ta Cm \([a-z0-9-]*\)$/\1,\2/p' dates.1 > bad.txt
	[ "$(wc -l < bad.txt)" -eq 7 ]
	{ echo RecordId,BirthDate; awk -F, '{ print "r" NR "," $1 }' bad.txt; } > bad.csv
	assert_equal "$(ot-normalize --reasons bad.csv | tail -n +2 | cut -d, -f3 | sed 's/^"//; s/:.*//')" \
	    "$(cut -d, -f2 bad.txt)"
}

@test "21.19: the README says how its awk join and ot-match differ, and they differ so" {
	grep -q 'it keeps one of their records' "$TOP/README.md"
	grep -q 'per token (the last one), so where two of their records share a token' "$TOP/README.md"
	# their file has one person twice (two records, the same tokens)
	gen_people 5 > theirs-people.csv
	sed -n 3p theirs-people.csv | sed 's/^id-2,/id-2b,/' >> theirs-people.csv
	ot-normalize theirs-people.csv | ot-sign | ot-hash -k hashing.key > theirs.csv
	ot-normalize people.csv | ot-sign | ot-hash -k hashing.key > ours.csv
	awk -F, 'NR == FNR { if (FNR > 1 && $2 !~ /^0+$/) t[$1 FS $2] = $3; next }
	    FNR > 1 && ($1 FS $2) in t { print t[$1 FS $2] "," $3 }' theirs.csv ours.csv | sort -u > shared.csv
	ot-match ours.csv theirs.csv > pairs.csv 2> /dev/null
	# awk: one pair for the twice-held person; ot-match: both, ours first
	grep -c ',id-2$' shared.csv | grep -qx 1
	assert_equal "$(grep -c '^id-2,' pairs.csv)" 2
	assert_equal "$(head -1 pairs.csv)" "RecordIdA,RecordIdB,Rules"
	# the rest is the same people, awk keeping their last record
	assert_equal "$(tail -n +2 pairs.csv | grep -v '^id-2,id-2,' | cut -d, -f1,2 | sort)" \
	    "$(awk -F, -v OFS=, '{ print $2, $1 }' shared.csv | sort)"
}
