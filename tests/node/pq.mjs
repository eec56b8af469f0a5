// Independent Parquet readers and writers for the tests: DuckDB and
// hyparquet.
//
//   node pq.mjs rows duckdb|hyparquet FILE
//       the rows as JSON lines, the column names first; a null is null
//   node pq.mjs write duckdb OUT CSV [codec=C] [version=V1|V2]
//       [dictionary=no] [date=COLUMN] [rowgroup=N]
//   node pq.mjs write hyparquet OUT CSV [codec=C] [encoding=E]
//       [nullable=no] [pagesize=N]
//   node pq.mjs sql STATEMENT
//       run one statement in DuckDB (to make files of other shapes)
//   node pq.mjs meta FILE
//       DuckDB's parquet_metadata() rows and the file's created_by, as JSON
//
// The CSV is read by DuckDB with every column as text and an empty field
// as null.
import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetReadObjects, parquetMetadataAsync } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteFile } from 'hyparquet-writer';
import { gzipSync } from 'node:zlib';

const [cmd, ...args] = process.argv.slice(2);
const opts = Object.fromEntries(args.filter(a => a.includes('=')).map(a => a.split('=', 2)));
const pos = args.filter(a => !a.includes('='));
const quote = s => "'" + s.replaceAll("'", "''") + "'";

async function duck() {
	const db = await DuckDBInstance.create(':memory:');
	return db.connect();
}

async function readCsv(con, csv) {
	const r = await con.runAndReadAll(`SELECT * FROM read_csv(${quote(csv)},
	    all_varchar = true, header = true, delim = ',', quote = '"',
	    escape = '"', auto_detect = false, columns = ${await columnsOf(con, csv)})`);
	return { names: r.columnNames(), rows: r.getRowsJS() };
}

// Every header field as a VARCHAR column, for read_csv without a sniffer.
async function columnsOf(con, csv) {
	const r = await con.runAndReadAll(`SELECT * FROM read_csv(${quote(csv)},
	    all_varchar = true, header = true, delim = ',', quote = '"', escape = '"')
	    LIMIT 0`);
	return '{' + r.columnNames().map(n => `${quote(n)}: 'VARCHAR'`).join(', ') + '}';
}

function text(v) {
	if (v === null || v === undefined)
		return null;
	if (v instanceof Date)
		return v.toISOString().slice(0, 10);
	if (typeof v === 'object' && v.days !== undefined)	// DuckDB DATE
		return new Date(v.days * 86400000).toISOString().slice(0, 10);
	return String(v);
}

async function rows(engine, file) {
	if (engine === 'duckdb') {
		const con = await duck();
		const r = await con.runAndReadAll(`SELECT * FROM read_parquet(${quote(file)})`);
		console.log(JSON.stringify(r.columnNames()));
		for (const row of r.getRowsJS())
			console.log(JSON.stringify(row.map(text)));
	} else {
		const buf = await asyncBufferFromFile(file);
		const meta = await parquetMetadataAsync(buf);
		const names = meta.schema.slice(1).map(e => e.name);
		console.log(JSON.stringify(names));
		const objs = await parquetReadObjects({ file: buf, compressors, utf8: true });
		for (const o of objs)
			console.log(JSON.stringify(names.map(n => text(o[n]))));
	}
}

async function write(engine, out, csv) {
	const con = await duck();
	if (engine === 'duckdb') {
		const o = [`FORMAT parquet`, `COMPRESSION ${opts.codec ?? 'snappy'}`,
		    `PARQUET_VERSION ${opts.version ?? 'V1'}`];
		if (opts.dictionary === 'no')
			o.push('DICTIONARY_SIZE_LIMIT 1');
		if (opts.rowgroup)
			o.push(`ROW_GROUP_SIZE ${opts.rowgroup}`);
		const { names } = await readCsv(con, csv);
		const cols = names.map(n => n === opts.date ?
		    `CAST(${JSON.stringify(n)} AS DATE) AS ${JSON.stringify(n)}` : JSON.stringify(n));
		await con.run(`COPY (SELECT ${cols.join(', ')} FROM read_csv(${quote(csv)},
		    all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
		    auto_detect = false, columns = ${await columnsOf(con, csv)}))
		    TO ${quote(out)} (${o.join(', ')})`);
		return;
	}
	const { names, rows } = await readCsv(con, csv);
	const nullable = opts.nullable !== 'no';
	parquetWriteFile({
		filename: out,
		codec: (opts.codec ?? 'snappy').toUpperCase(),
		compressors: { GZIP: b => gzipSync(b) },
		pageSize: opts.pagesize ? Number(opts.pagesize) : undefined,
		columnData: names.map((n, i) => ({
			name: n, type: 'STRING', nullable,
			encoding: opts.encoding,
			data: rows.map(r => r[i] ?? (nullable ? null : '')),
		})),
	});
}

async function meta(file) {
	const con = await duck();
	const m = await con.runAndReadAll(`SELECT * FROM parquet_metadata(${quote(file)})`);
	const f = await con.runAndReadAll(`SELECT * FROM parquet_file_metadata(${quote(file)})`);
	const s = await con.runAndReadAll(`SELECT * FROM parquet_schema(${quote(file)})`);
	console.log(JSON.stringify({ file: f.getRowObjectsJson()[0],
	    schema: s.getRowObjectsJson(), columns: m.getRowObjectsJson() }, null, 1));
}

if (cmd === 'rows')
	await rows(pos[0], pos[1]);
else if (cmd === 'write')
	await write(pos[0], pos[1], pos[2]);
else if (cmd === 'sql')
	await (await duck()).run(pos[0]);
else if (cmd === 'meta')
	await meta(pos[0]);
else {
	console.error('usage: node pq.mjs rows|write|meta ...');
	process.exit(2);
}
