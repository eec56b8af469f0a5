#!/usr/bin/env bats
# ot-parquet and Parquet through the suite, on the project's own data:
# files ot writes are read by DuckDB and hyparquet, files they write are
# read by ot, round trips, row groups, dictionaries, statistics, errors.

load helper

setup() {
	need_node
	cd "$BATS_TEST_TMPDIR"
	# quotes, commas, line breaks, empty fields, non-ASCII text, and
	# values the writer quotes (leading '#', spaces at either end), in
	# the quoting ot's CSV writer uses, so a round trip is byte for byte
	cat > tricky.csv <<-'EOF'
	id,name,note
	1,"Smith, John","He said ""hi"""
	2,,"line one
	line two"
	3,Zoë Ünïcode,日本語 テキスト
	"#4"," leading space","trailing "
	5,x,
	EOF
	printf 'demo hashing secret' > hashing.key
	printf 'demo-encryption-key-of-32-bytes!' > enc.key
}

no_uuid() { sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/UUID/'; }
rows_csv() { "$TOP/tests/helpers/rows.py" csv "$@"; }
rows_json() { "$TOP/tests/helpers/rows.py" json "$@"; }

@test "parquet: write then cat is the identity, byte for byte" {
	ot-parquet write -o t.parquet tricky.csv
	ot-parquet cat t.parquet | cmp - tricky.csv
	ot-parquet write < tricky.csv | cat > piped.parquet
	cmp t.parquet piped.parquet
	ot-parquet cat - < t.parquet | cmp - tricky.csv
	# write takes Parquet too: a file re-encoded
	ot-parquet write -c zstd -o z.parquet t.parquet
	ot-parquet cat z.parquet | cmp - tricky.csv
	ot-parquet cat t.parquet t.parquet | cmp - <(cat tricky.csv; tail -n +2 tricky.csv)
}

@test "parquet: DuckDB and hyparquet read the rows ot writes, for every codec" {
	gen_people 3000 > people.csv
	for f in tricky people; do
		rows_csv $f.csv > want.rows
		for c in none snappy gzip zstd zstd:9; do
			ot-parquet write -c $c -o t.parquet $f.csv
			pq rows duckdb t.parquet | rows_json > duck.rows
			pq rows hyparquet t.parquet | rows_json > hyp.rows
			diff want.rows duck.rows
			diff want.rows hyp.rows
			name=$(echo "${c%%:*}" | tr a-z A-Z)
			[ "$name" = NONE ] && name=UNCOMPRESSED
			pq meta t.parquet > meta.json
			# a chunk the codec hardly shrinks is stored as it is
			python3 - "$name" "$f" <<-'PY'
			import json, sys
			name, f = sys.argv[1], sys.argv[2]
			codecs = {c["compression"] for c in json.load(open("meta.json"))["columns"]}
			assert codecs <= {name, "UNCOMPRESSED"}, codecs
			if f == "people":
			    assert name in codecs, codecs
			PY
		done
	done
}

@test "parquet: ot's token files read by DuckDB and hyparquet equal the CSV" {
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null | ot-sign |
	    ot-hash -k hashing.key | ot-encrypt -k enc.key > tokens.csv
	ot-parquet write -o tokens.parquet tokens.csv
	rows_csv tokens.csv > want.rows
	pq rows duckdb tokens.parquet | rows_json | diff want.rows -
	pq rows hyparquet tokens.parquet | rows_json | diff want.rows -
	# the schema the reference's own token files have
	pq meta tokens.parquet > meta.json
	python3 - <<-'EOF'
	import json
	m = json.load(open("meta.json"))
	assert m["file"]["created_by"].startswith("ot version "), m["file"]
	leaves = [s for s in m["schema"] if s["type"] is not None]
	assert [s["name"] for s in leaves] == ["RuleId", "Token", "RecordId"]
	for s in leaves:
	    assert (s["type"], s["repetition_type"], s["converted_type"]) == \
	        ("BYTE_ARRAY", "REQUIRED", "UTF8"), s
	EOF
}

@test "parquet: a dictionary where it pays, plain values where it does not" {
	gen_people 3000 > people.csv
	ot-normalize people.csv | ot-sign | ot-hash -k hashing.key 2>/dev/null |
	    ot-encrypt -k enc.key > tokens.csv
	ot-parquet write -o tokens.parquet tokens.csv
	pq meta tokens.parquet > meta.json
	python3 - <<-'EOF'
	import json
	cols = {c["path_in_schema"]: c for c in json.load(open("meta.json"))["columns"]}
	# five rule ids, record ids five times each: a dictionary; encrypted
	# tokens are all distinct: plain
	assert "RLE_DICTIONARY" in cols["RecordId"]["encodings"], cols["RecordId"]
	assert "RLE_DICTIONARY" in cols["RuleId"]["encodings"], cols["RuleId"]
	assert cols["RuleId"]["dictionary_page_offset"] is not None
	assert cols["Token"]["encodings"] == "PLAIN", cols["Token"]
	assert cols["Token"]["dictionary_page_offset"] is None
	EOF
	ot-parquet cat tokens.parquet | cmp - tokens.csv
}

@test "parquet: row groups bounded in rows and in bytes, each with statistics" {
	gen_people 500 > people.csv
	ot-parquet write -r 64 -o r.parquet people.csv
	ot-parquet cat r.parquet | cmp - people.csv
	pq meta r.parquet > meta.json
	python3 - <<-'EOF'
	import csv, json
	m = json.load(open("meta.json"))["columns"]
	groups = sorted({int(c["row_group_id"]) for c in m})
	assert len(groups) == 8, groups		# 500 rows, 64 a group
	rows = list(csv.reader(open("people.csv", newline="")))
	names = rows[0]
	for c in m:
	    g = int(c["row_group_id"])
	    vals = [r[names.index(c["path_in_schema"])]
	            for r in rows[1 + 64 * g:1 + 64 * (g + 1)]]
	    lo = min(vals, key=lambda v: v.encode())
	    hi = max(vals, key=lambda v: v.encode())
	    assert (c["stats_min_value"], c["stats_max_value"]) == (lo, hi), c
	    assert c["stats_null_count"] == "0"
	EOF
	ot-parquet write -g 64K -o g.parquet people.csv
	ot-parquet cat g.parquet | cmp - people.csv
	run ot-parquet write -g 1K -o x.parquet people.csv
	assert_failure 2
	run ot-parquet write -r 0 -o x.parquet people.csv
	assert_failure 2
}

@test "parquet: many row groups of many pages, each written behind the next: DuckDB and hyparquet read them" {
	gen_people 12000 > people.csv
	ot-normalize people.csv 2>/dev/null | ot-sign | ot-hash -k hashing.key |
	    ot-encrypt -k enc.key > tokens.csv
	rows_csv tokens.csv > want.rows
	for opts in "-g 2M" "-g 2M -c none" "-r 7000 -c zstd"; do
		ot-parquet write $opts -o t.parquet tokens.csv
		ot-parquet cat t.parquet | cmp - tokens.csv
		pq rows duckdb t.parquet | rows_json | diff want.rows -
		pq rows hyparquet t.parquet | rows_json | diff want.rows -
		pq meta t.parquet > meta.json
		python3 - <<-'EOF'
		import csv, json
		m = json.load(open("meta.json"))["columns"]
		rows = list(csv.reader(open("tokens.csv", newline="")))
		names = rows[0]
		groups = sorted({int(c["row_group_id"]) for c in m})
		assert len(groups) >= 3, groups
		# each group's statistics, from the rows it holds
		first = 1
		for g in groups:
		    cols = [c for c in m if int(c["row_group_id"]) == g]
		    n = int(cols[0]["num_values"])
		    for c in cols:
		        vals = [r[names.index(c["path_in_schema"])]
		                for r in rows[first:first + n]]
		        lo = min(vals, key=lambda v: v.encode())
		        hi = max(vals, key=lambda v: v.encode())
		        assert (c["stats_min_value"], c["stats_max_value"]) == (lo, hi), c
		    first += n
		assert first == len(rows), (first, len(rows))
		EOF
	done
}

@test "parquet: ot reads DuckDB's files: pages v1 and v2, every codec, dictionary and plain, nulls" {
	gen_people 300 > people.csv
	# empty fields, which DuckDB stores as nulls
	sed -i -e '5s/,Name[a-z]*,/,,/' -e '9s/,[0-9]*$/,/' people.csv
	for v in V1 V2; do
		for c in uncompressed snappy gzip zstd; do
			for d in yes no; do
				pq write duckdb d.parquet people.csv version=$v codec=$c dictionary=$d rowgroup=100
				ot-parquet cat d.parquet | rows_csv | diff <(rows_csv people.csv) - ||
				    { echo "DuckDB $v $c dictionary=$d"; false; }
			done
		done
	done
}

@test "parquet: ot reads hyparquet's files: every encoding and codec, nullable or not" {
	gen_people 300 > people.csv
	sed -i '7s/,Family[a-z]*,/,,/' people.csv
	for e in PLAIN RLE_DICTIONARY DELTA_LENGTH_BYTE_ARRAY DELTA_BYTE_ARRAY; do
		for c in uncompressed snappy gzip; do
			for n in yes no; do
				pq write hyparquet h.parquet people.csv encoding=$e codec=$c nullable=$n pagesize=2000
				ot-parquet cat h.parquet | rows_csv | diff <(rows_csv people.csv) - ||
				    { echo "hyparquet $e $c nullable=$n"; false; }
			done
		done
	done
}

@test "parquet: pages of thousands of values, nulls scattered, read a window at a time to the same rows" {
	# ot decodes PLAIN and dictionary pages 512 values at a time: nulls
	# every 3rd, 7th and 11th value make the definition levels' runs and
	# bit-packed groups straddle the windows, in one page and in many
	gen_people 5000 | awk -F, -v OFS=, 'NR > 1 {
		if (NR % 3 == 0) $2 = ""
		if (NR % 7 == 0) $5 = ""
		if (NR % 11 < 2) $6 = ""
	} 1' > people.csv
	for v in V1 V2; do
		for d in yes no; do
			pq write duckdb d.parquet people.csv version=$v codec=snappy dictionary=$d rowgroup=3000
			ot-parquet cat d.parquet | rows_csv | diff <(rows_csv people.csv) - ||
			    { echo "DuckDB $v dictionary=$d"; false; }
		done
	done
	for e in PLAIN RLE_DICTIONARY; do
		for p in 1000000 7000; do
			pq write hyparquet h.parquet people.csv encoding=$e codec=snappy nullable=yes pagesize=$p
			ot-parquet cat h.parquet | rows_csv | diff <(rows_csv people.csv) - ||
			    { echo "hyparquet $e pagesize=$p"; false; }
		done
	done
	# and ot's own, a required column's pages read past many windows
	ot-parquet write -o o.parquet people.csv
	ot-parquet cat o.parquet | cmp - people.csv
}

@test "parquet: dates, timestamps and integers as the reference shows them" {
	pq sql "COPY (SELECT * FROM (VALUES
	    ('a', DATE '1984-03-12', TIMESTAMP '2001-02-03 04:05:06.789', 42::INTEGER, -7::BIGINT, true),
	    ('b', DATE '1909-12-31', TIMESTAMP '1969-12-31 23:59:59', -1::INTEGER, 9007199254740993::BIGINT, false),
	    ('c', NULL, NULL, NULL, NULL, NULL))
	    t(id, d, ts, i, l, b)) TO 'typed.parquet' (FORMAT parquet)"
	run ot-parquet cat typed.parquet
	assert_success
	assert_output - <<-'EOF'
	id,d,ts,i,l,b
	a,1984-03-12,2001-02-03T04:05:06.789Z,42,-7,true
	b,1909-12-31,1969-12-31T23:59:59Z,-1,9007199254740993,false
	c,"","","","",""
	EOF
}

@test "parquet: a DATE or TIMESTAMP birth date normalizes as the same date written as text" {
	pq sql "COPY (SELECT * FROM (VALUES
	    ('a', 'Ann', 'Lee', DATE '1984-03-12', TIMESTAMP '1984-03-12 04:05:06.789123', TIMESTAMP_NS '1984-03-12 23:59:59.999999999', 'F'),
	    ('b', 'Bo', 'Ng', DATE '1909-12-31', TIMESTAMP '1909-12-31 00:00:00', TIMESTAMP_MS '1909-12-31 10:00:00.5', 'M'))
	    t(RecordId, FirstName, LastName, d, ts, ns, Sex)) TO 'dates.parquet' (FORMAT parquet)"
	ot-parquet cat dates.parquet > dates.csv
	for c in d ts ns; do
		# one of the three as the BirthDate column
		python3 -c 'import csv, sys
r = list(csv.reader(open("dates.csv")))
h = r[0]; k = h.index(sys.argv[1])
w = csv.writer(sys.stdout, lineterminator="\n")
for row in r:
    w.writerow([row[0], row[1], row[2], "BirthDate" if row is h else row[k], row[6]])' $c > one.csv
		run --separate-stderr ot-normalize one.csv
		assert_output - <<-'EOF'
		RecordId,FirstName,LastName,BirthDate,Sex
		a,Ann,Lee,1984-03-12,Female
		b,Bo,Ng,,Male
		EOF
	done
}

@test "parquet: every stage reads Parquet: normalized values and tokens equal the CSV's" {
	ot-parquet write -o people.parquet "$TOP/sample/people.csv"
	# the record without an id gets a new random UUID in each run
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null | no_uuid > want.csv
	ot-normalize people.parquet 2>/dev/null | no_uuid | cmp - want.csv
	ot-normalize < people.parquet 2>/dev/null | no_uuid | cmp - want.csv
	# the output's type is the input's unless -ot says otherwise
	ot --hash-only -t parquet -i people.parquet -o p.parquet --hashing-secret-file hashing.key 2>/dev/null
	ot --hash-only -t parquet -ot csv -i people.parquet -o p.csv --hashing-secret-file hashing.key 2>/dev/null
	ot-parquet cat p.parquet | no_uuid | cmp - <(no_uuid < p.csv)
	ot --hash-only -t csv -i "$TOP/sample/people.csv" -o c.csv --hashing-secret-file hashing.key 2>/dev/null
	cmp <(no_uuid < p.csv) <(no_uuid < c.csv)
	"$TOP/tests/helpers/compare-metadata.py" p.metadata.json c.metadata.json
}

@test "parquet: a dictionary's values normalized once each give ot the tokens and counts of the CSV" {
	# ot normalizes a dictionary entry once and remembers it (1,024 per
	# attribute, by the entry's index): names dirty, invalid and longer
	# than an entry holds, 1,500 last names (entries sharing a slot),
	# empty values, and row groups whose dictionaries order the same
	# values differently
	awk 'BEGIN {
		n = split("James|Dr. Mary|José|Zoë|Unknown|Test|John Jr.|X|" \
		    "Maximiliana-Theodora-Wilhelmina-Bartholomea-Ferdinanda-Long|" \
		    "Ann-Marie|O'"'"'Brien|Mr. Li", fn, "|")
		split("Male|F|female|M|x|", sx, "|")
		print "RecordId,FirstName,LastName,BirthDate,Sex,PostalCode,SocialSecurityNumber"
		for (i = 1; i <= 6000; i++) {
			r = i <= 3000 ? i : 9001 - i
			printf "id-%d,%s,Family%d,19%02d-%02d-%02d,%s,%05d,%03d-%02d-%04d\n",
			    i, fn[1 + (r * 7) % n], (r * 13) % 1500, 30 + r % 60,
			    1 + r % 12, 1 + r % 28, sx[1 + r % 6], 10000 + (r * 31) % 700,
			    100 + i % 500, 10 + i % 89, 1000 + i % 8999
		}
	}' > people.csv
	ot --hash-only -t csv -i people.csv -o c.csv --hashing-secret-file hashing.key 2>/dev/null
	pq write duckdb d.parquet people.csv dictionary=yes rowgroup=1000
	pq write hyparquet h.parquet people.csv encoding=RLE_DICTIONARY nullable=yes
	ot-parquet write -r 1500 -o o.parquet people.csv
	pq meta d.parquet | grep -q PLAIN_DICTIONARY
	for f in d h o; do
		for j in 1 2; do
			ot --hash-only -j $j -t parquet -ot csv -i $f.parquet -o p.csv \
			    --hashing-secret-file hashing.key 2>/dev/null
			cmp p.csv c.csv || { echo "$f.parquet -j $j"; false; }
			"$TOP/tests/helpers/compare-metadata.py" p.metadata.json c.metadata.json
		done
	done
}

@test "parquet: ot -ot parquet writes the tokens, and -d reads and writes them" {
	ot -t csv -ot parquet -i "$TOP/sample/people.csv" -o tok.parquet \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key 2>/dev/null
	[ -f tok.metadata.json ]
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null | ot-sign |
	    ot-hash -k hashing.key 2>/dev/null > hashed.csv
	# ot-decrypt reads the Parquet tokens as it reads CSV ones (the
	# record without an id has a UUID of each run's own)
	ot-decrypt -k enc.key tok.parquet > dec-stage.csv
	cmp <(no_uuid < dec-stage.csv) <(no_uuid < hashed.csv)
	ot -d -t parquet -i tok.parquet -o dec.parquet --encryption-key-file enc.key
	ot-parquet cat dec.parquet | cmp - dec-stage.csv
	ot -d -t parquet -ot csv -i tok.parquet -o dec.csv --encryption-key-file enc.key
	cmp dec.csv dec-stage.csv
	pq rows duckdb dec.parquet | rows_json | diff <(rows_csv dec.csv) -
}

@test "parquet: ot's own token pages (a batch of records each, on the workers): DuckDB and hyparquet read them, statistics hold" {
	gen_people 5000 > people.csv
	ot -i people.csv -t csv -ot csv -o want.csv --hashing-secret-file hashing.key \
	    --hash-only -j 2 2>/dev/null
	ot -i people.csv -t csv -ot parquet -o hashed.parquet \
	    --hashing-secret-file hashing.key --hash-only -j 2 2>/dev/null
	ot -i people.csv -t csv -ot parquet -o enc.parquet \
	    --hashing-secret-file hashing.key --encryption-key-file enc.key -j 2 2>/dev/null
	ot-parquet cat hashed.parquet | cmp - want.csv
	rows_csv want.csv > want.rows
	pq rows duckdb hashed.parquet | rows_json | diff want.rows -
	pq rows hyparquet hashed.parquet | rows_json | diff want.rows -
	ot -d -t parquet -ot csv -i enc.parquet -o dec.csv --encryption-key-file enc.key
	cmp dec.csv want.csv
	pq rows duckdb enc.parquet | rows_json > enc.rows
	ot-parquet cat enc.parquet > enc.csv
	rows_csv enc.csv | diff - enc.rows
	for f in hashed enc; do
		pq meta $f.parquet > meta.json
		ot-parquet cat $f.parquet > rows.csv
		python3 - <<-'EOF'
		import csv, json
		m = json.load(open("meta.json"))["columns"]
		rows = list(csv.reader(open("rows.csv", newline="")))
		names = rows[0]
		assert {int(c["row_group_id"]) for c in m} == {0}
		cols = {c["path_in_schema"]: c for c in m}
		# rule ids index a dictionary of the five; tokens and record
		# ids are plain
		assert "RLE_DICTIONARY" in cols["RuleId"]["encodings"], cols["RuleId"]
		assert cols["RuleId"]["dictionary_page_offset"] is not None
		for n in ("Token", "RecordId"):
		    assert cols[n]["encodings"] == "PLAIN", cols[n]
		for n, c in cols.items():
		    vals = [r[names.index(n)] for r in rows[1:]]
		    assert int(c["num_values"]) == len(vals) == 25000
		    lo = min(vals, key=lambda v: v.encode())
		    hi = max(vals, key=lambda v: v.encode())
		    assert (c["stats_min_value"], c["stats_max_value"]) == (lo, hi), c
		EOF
	done
}

@test "parquet: a NUL or invalid UTF-8 in a value stops ot as it stops the stages, naming the row and field" {
	chmod 600 hashing.key
	for v in 410042:'NUL byte in field 2' 41ff42:'invalid UTF-8 in field 2'; do
		pq sql "COPY (SELECT 'id-1' AS RecordId, from_hex('416e6e') AS FirstName
		    UNION ALL SELECT 'id-2', from_hex('${v%%:*}')) TO 'bad.parquet' (FORMAT parquet)"
		# ot reads a Parquet row's values where they are, the stages
		# copy them: the same check
		for j in 1 2; do
			run --separate-stderr ot -j $j -t parquet -ot csv -i bad.parquet -o out.csv \
			    --hashing-secret-file hashing.key --hash-only
			assert_failure 1
			assert_equal "${stderr##*$'\n'}" "ot: bad.parquet:3: ${v#*:}"
			[ ! -e out.csv ]
		done
		run --separate-stderr ot-normalize bad.parquet
		assert_failure 1
		assert_equal "${stderr##*$'\n'}" "ot-normalize: bad.parquet:3: ${v#*:}"
	done
}

@test "parquet: ot -t parquet refuses a file that is not Parquet" {
	run --separate-stderr ot --hash-only -t parquet -i "$TOP/sample/people.csv" -o x.csv --hashing-secret-file hashing.key
	assert_failure 1
	assert_equal "$stderr" "ot: $TOP/sample/people.csv: not a Parquet file (-t parquet)"
	[ ! -e x.csv ]
	run ot --hash-only -t xml -i x -o x.csv --hashing-secret-file hashing.key
	assert_failure 2
}

@test "parquet: an empty stream: the columns --columns names, no rows" {
	: > empty.csv
	run --separate-stderr ot-parquet write -o e.parquet empty.csv
	assert_failure 1
	assert_equal "$stderr" "ot-parquet: empty.csv: no header: the columns of an empty stream are named by --columns"
	[ ! -e e.parquet ]
	ot-parquet write --columns RuleId,Token,RecordId -o e.parquet empty.csv
	run ot-parquet cat e.parquet
	assert_output "RuleId,Token,RecordId"
	run pq rows duckdb e.parquet
	assert_output '["RuleId","Token","RecordId"]'
	# a header and no rows
	printf 'a,b\n' | ot-parquet write -o h.parquet
	run ot-parquet cat h.parquet
	assert_output "a,b"
}

@test "parquet: a short record stops the writer, and nothing is left under the name" {
	printf 'a,b\n1,2\n3\n' > short.csv
	echo previous > out.parquet
	run --separate-stderr ot-parquet write -o out.parquet short.csv
	assert_failure 1
	assert_equal "$stderr" "ot-parquet: short.csv:3: 1 fields where the header has 2"
	assert_equal "$(cat out.parquet)" previous
	[ -z "$(ls | grep '^out\.parquet\.')" ]
}

@test "parquet: an interrupted write leaves no file behind" {
	mkfifo slow
	ot-parquet write -o int.parquet slow 3>&- &
	pid=$!
	exec 7> slow
	printf 'a,b\n1,2\n' >&7
	for i in $(seq 50); do
		ls int.parquet.* > /dev/null 2>&1 && break
		sleep 0.1
	done
	ls int.parquet.?????? > /dev/null
	kill -TERM $pid
	st=0
	wait $pid || st=$?
	assert_equal "$st" 143
	exec 7>&-
	[ -z "$(ls | grep '^int\.parquet')" ]
}

@test "parquet: write refuses bad options with status 2" {
	for bad in "-c lz4" "-c zstd:30" "-c gzip:0" "-g 12Q" "-r x" "--nope"; do
		run ot-parquet write $bad -o x.parquet tricky.csv
		assert_failure 2
	done
	run ot-parquet
	assert_failure 2
	run ot-parquet frobnicate
	assert_failure 2
	run ot-parquet cat
	assert_failure 2
}

# One line "ot-parquet: FILE: reason", exit 1, for each damaged file.
damaged() {
	run --separate-stderr ot-parquet cat "$1"
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "ot-parquet: $1: "* ]]
	[[ "$stderr" == *"$2"* ]] || { echo "$stderr"; false; }
}

@test "parquet: damaged files: one line naming the file and the problem, exit 1" {
	ot-parquet write -c none -o good.parquet tricky.csv
	size=$(stat -c %s good.parquet)
	damaged tricky.csv "not a Parquet file"
	head -c $((size - 3)) good.parquet > cut.parquet
	damaged cut.parquet "not a Parquet file"
	head -c 4 good.parquet > four.parquet
	damaged four.parquet "not a Parquet file"
	# the footer's length past the file
	cp good.parquet len.parquet
	printf '\377\377\377\000' | dd of=len.parquet bs=1 seek=$((size - 8)) conv=notrunc status=none
	damaged len.parquet "footer: its length is past the file"
	# the footer's bytes garbled
	cp good.parquet foot.parquet
	flen=$(od -An -tu4 -j $((size - 8)) -N4 good.parquet | tr -d ' ')
	head -c $((flen)) /dev/zero | tr '\0' '\377' |
	    dd of=foot.parquet bs=1 seek=$((size - 8 - flen)) conv=notrunc status=none
	damaged foot.parquet "footer"
	# the first page header garbled
	cp good.parquet page.parquet
	printf '\377\377\377\377\377\377' | dd of=page.parquet bs=1 seek=4 conv=notrunc status=none
	damaged page.parquet "row group 0, column id: "
	# a compressed page garbled
	ot-parquet write -c snappy -o snappy.parquet tricky.csv
	ssize=$(stat -c %s snappy.parquet)
	python3 -c '
import sys
b = bytearray(open("snappy.parquet", "rb").read())
i = b.index(b"Smith") if b"Smith" in b else 40
b[i - 2:i + 6] = b"\xff" * 8
open("snappy.parquet", "wb").write(b)'
	damaged snappy.parquet "row group 0, column name: "
	run ot-parquet cat missing.parquet
	assert_failure 1
	mkfifo fifo
	(cat good.parquet > fifo &)
	damaged fifo "not a regular file"
}

@test "parquet: nested columns and unsupported types are refused, naming the column" {
	pq sql "COPY (SELECT 'x' AS id, [1, 2] AS tags) TO 'list.parquet' (FORMAT parquet)"
	damaged list.parquet "column tags is nested"
	pq sql "COPY (SELECT 'x' AS id, {'a': 1} AS s) TO 'struct.parquet' (FORMAT parquet)"
	damaged struct.parquet "column s is nested"
	pq sql "COPY (SELECT 'x' AS id, 1.5::DOUBLE AS weight) TO 'double.parquet' (FORMAT parquet)"
	damaged double.parquet "column weight: type DOUBLE not supported"
	run ot-normalize double.parquet
	assert_failure 1
}

@test "parquet: a package holds Parquet tokens, and the receiver decrypts them" {
	ot-keygen -o receiver > /dev/null
	ot-keygen -o sender > /dev/null
	ot tokenize -i "$TOP/sample/people.csv" -t csv -ot parquet -o out.zip \
	    --receiver-public-key receiver/public_key.pem \
	    --sender-keypair-path sender/keypair.pem 2>/dev/null
	unzip -Z1 out.zip > entries
	assert_equal "$(cat entries)" "$(printf 'out_temp.parquet\nout_temp.metadata.json\nsender_public_key.pem')"
	ot decrypt -i out.zip -t parquet -ot csv -o dec.csv \
	    --receiver-keypair-path receiver/keypair.pem
	ot tokenize -i "$TOP/sample/people.csv" -t csv -o own.csv --hash-only \
	    --receiver-public-key sender/public_key.pem \
	    --sender-keypair-path receiver/keypair.pem 2>/dev/null
	cmp <(cut -d, -f1,2 dec.csv) <(cut -d, -f1,2 own.csv)
	# and ot-match reads the package and Parquet token files directly
	ot-parquet write -o own.parquet own.csv
	ot-match --keypair receiver/keypair.pem own.parquet out.zip > pairs.csv
	ot-match own.csv dec.csv | cmp - pairs.csv
	[ "$(wc -l < pairs.csv)" -gt 10 ]
}

@test "parquet: the token stages write Parquet themselves with --output-type parquet" {
	ot-normalize "$TOP/sample/people.csv" 2>/dev/null | ot-sign > sig.csv
	ot-hash -k hashing.key sig.csv > hashed.csv
	ot-hash -k hashing.key --output-type parquet sig.csv > hashed.parquet
	ot-parquet cat hashed.parquet | cmp - hashed.csv
	ot-encrypt -k enc.key --output-type=PARQUET -o enc.parquet hashed.csv
	ot-decrypt -k enc.key --output-type parquet enc.parquet > dec.parquet
	ot-parquet cat dec.parquet | cmp - hashed.csv
	pq rows hyparquet dec.parquet | rows_json | diff <(rows_csv hashed.csv) -
	# no records: a file with the token columns and no rows
	head -1 sig.csv > none.csv
	ot-hash -k hashing.key --output-type parquet none.csv > none.parquet
	run ot-parquet cat none.parquet
	assert_output "RuleId,Token,RecordId"
	run ot-hash -k hashing.key --output-type json sig.csv
	assert_failure 2
}
