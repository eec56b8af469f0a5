#!/usr/bin/env python3
"""parquet-pages.py OUT CSV [NAME=SIZE ...]: a Parquet file of the CSV's
columns (required strings, one GZIP data page of PLAIN values each, one
row group), and for each NAME=SIZE one more column NAME whose every value
is SIZE bytes of 'x': a page that expands to rows * SIZE bytes from a few
kilobytes, the kind of page a partner can send to fill the reader's
memory.  Thrift compact protocol by hand: no Parquet library writes such
pages on request."""
import csv
import struct
import sys
import zlib


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return varint((n << 1) ^ (n >> 63))


class Struct:
    """Fields of a Thrift compact struct, in increasing id order."""

    def __init__(self):
        self.out = bytearray()
        self.last = 0

    def field(self, fid, ftype):
        delta = fid - self.last
        self.out.append(delta << 4 | ftype)
        self.last = fid

    def i32(self, fid, v):
        self.field(fid, 5)
        self.out += zigzag(v)
        return self

    def i64(self, fid, v):
        self.field(fid, 6)
        self.out += zigzag(v)
        return self

    def binary(self, fid, b):
        self.field(fid, 8)
        self.out += varint(len(b)) + b
        return self

    def struct(self, fid, s):
        self.field(fid, 12)
        self.out += s.bytes()
        return self

    def list(self, fid, etype, items):
        self.field(fid, 9)
        n = len(items)
        self.out.append(n << 4 | etype if n < 15 else 0xF0 | etype)
        if n >= 15:
            self.out += varint(n)
        for it in items:
            self.out += it
        return self

    def bytes(self):
        return bytes(self.out) + b"\x00"


def gzip_of(chunks):
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    out = bytearray()
    for c in chunks:
        out += z.compress(c)
    return bytes(out + z.flush())


def main():
    out, src = sys.argv[1], sys.argv[2]
    with open(src, newline="") as f:
        rows = list(csv.reader(f))
    names, rows = rows[0], rows[1:]
    cols = [(n, [r[i].encode() for r in rows]) for i, n in enumerate(names)]
    junk = [a.split("=", 1) for a in sys.argv[3:]]
    body = bytearray(b"PAR1")
    chunks = []

    def values(col):
        # PLAIN byte arrays: each a length, then its bytes
        name, vals = col
        if vals is None:
            return
        for v in vals:
            yield struct.pack("<I", len(v)) + v

    def junk_values(size):
        piece = b"x" * (1 << 20)
        for _ in rows:
            yield struct.pack("<I", size)
            left = size
            while left > 0:
                yield piece[:min(left, len(piece))]
                left -= min(left, len(piece))

    specs = [(n, values((n, v)), sum(4 + len(x) for x in v)) for n, v in cols]
    specs += [(n, junk_values(int(s)), len(rows) * (4 + int(s))) for n, s in junk]
    for name, gen, usize in specs:
        page = gzip_of(gen)
        dph = Struct().i32(1, len(rows)).i32(2, 0).i32(3, 3).i32(4, 3)
        ph = Struct().i32(1, 0).i32(2, usize).i32(3, len(page)).struct(5, dph)
        start = len(body)
        body += ph.bytes() + page
        cmeta = (Struct().i32(1, 6).list(2, 5, [zigzag(0)])
                 .list(3, 8, [varint(len(name)) + name.encode()])
                 .i32(4, 2).i64(5, len(rows)).i64(6, usize)
                 .i64(7, len(body) - start).i64(9, start))
        chunks.append(Struct().i64(2, start).struct(3, cmeta).bytes())
    schema = [Struct().binary(4, b"schema").i32(5, len(specs)).bytes()]
    for name, _, _ in specs:
        schema.append(Struct().i32(1, 6).i32(3, 0).binary(4, name.encode())
                      .i32(6, 0).bytes())
    group = Struct().list(1, 12, chunks).i64(2, len(body)).i64(3, len(rows))
    meta = (Struct().i32(1, 1).list(2, 12, schema).i64(3, len(rows))
            .list(4, 12, [group.bytes()]).bytes())
    body += meta + struct.pack("<I", len(meta)) + b"PAR1"
    with open(out, "wb") as f:
        f.write(body)


main()
