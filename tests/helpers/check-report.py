#!/usr/bin/env python3
"""check-report.py SHOT.png DOM.html SUMMARY.json OURS.json THEIRS.json:
the screenshot is not blank, nothing is cut off at its right edge (the
last columns of pixels are the page's background), and every value the
page shows (each in an element with data-k, the path of its value) is
the JSON's: a count with its thousands separators, a rate as a
percentage with one decimal, a fingerprint by its first characters."""
import html.parser, json, struct, sys, zlib

shot, dom, summary, ours, theirs = sys.argv[1:6]

# the PNG's pixels, filters and all: a blank page is one colour, so its
# decompressed rows hold a handful of distinct bytes at most
data = open(shot, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
distinct = len(set(raw))
if distinct < 16:
    sys.exit(f"the screenshot looks blank ({distinct} distinct bytes)")

# the pixels, unfiltered (8-bit RGB or RGBA, as Chromium writes them)
width, height, depth, ctype = struct.unpack(">IIBB", data[16:26])
assert depth == 8 and ctype in (2, 6), (depth, ctype)
bpp = 3 if ctype == 2 else 4
stride = width * bpp
rows, prev, pos = [], bytearray(stride), 0
for y in range(height):
    ft, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
    pos += 1 + stride
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if ft == 1:
            line[i] = (line[i] + a) & 255
        elif ft == 2:
            line[i] = (line[i] + b) & 255
        elif ft == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif ft == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
bg = bytes(rows[0][:3])
for y, line in enumerate(rows):
    for x in range(width - 8, width):
        if bytes(line[x * bpp:x * bpp + 3]) != bg:
            sys.exit(f"the page is cut off at the right edge of {width} pixels (row {y})")

files = {"summary": json.load(open(summary)), "ours": json.load(open(ours)),
         "theirs": json.load(open(theirs))}


class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.key, self.cells = None, []

    def handle_starttag(self, tag, attrs):
        self.key = dict(attrs).get("data-k")
        self.text = ""

    def handle_data(self, d):
        if self.key is not None:
            self.text += d

    def handle_endtag(self, tag):
        if self.key is not None:
            self.cells.append((self.key, self.text))
            self.key = None


p = Cells()
p.feed(open(dom).read())
if len(p.cells) < 20:
    sys.exit(f"only {len(p.cells)} numbers in the page")
for key, text in p.cells:
    first, *path = key.split(".")
    v = files[first]
    for k in path:
        v = v[int(k)] if isinstance(v, list) else v[k]
    if isinstance(v, (int, float)) and text.endswith("%"):
        ok = float(text[:-1]) == round(100 * v, 1)
    elif isinstance(v, (int, float)):
        ok = float(text.replace(",", "")) == v
    elif text.endswith("\u2026"):
        ok = len(text) > 8 and v.startswith(text[:-1])
    else:
        ok = text == v
    if not ok:
        sys.exit(f"{key}: the page shows {text}, the JSON has {v}")
print(f"{len(p.cells)} numbers checked")
