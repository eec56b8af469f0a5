#!/usr/bin/env python3
"""check-report.py SHOT.png DOM.html SUMMARY.json OURS.json THEIRS.json:
the screenshot is not blank, and every number the page shows (each in an
element with data-k, the path of its value) equals the JSON's."""
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
        v = v[k]
    shown = float(text) if isinstance(v, (int, float)) else text
    if shown != v:
        sys.exit(f"{key}: the page shows {text}, the JSON has {v}")
print(f"{len(p.cells)} numbers checked")
