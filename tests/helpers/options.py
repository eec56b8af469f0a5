#!/usr/bin/env python3
"""options.py TOP: each program's long options, read from the option
tables the programs themselves use (the struct option arrays of
cmd/PROGRAM.c, with the macros of lib/**/*.h expanded, and ot-dask's
argparse calls, and ot olt's tables in lib/run/olt.c as "ot-olt"), one
line each: PROGRAM --option [arg]; "arg" when it takes an argument."""
import glob
import os
import re
import sys

top = sys.argv[1]
ENTRY = re.compile(r'\{\s*"([a-z0-9-]+)",\s*(no|required|optional)_argument')
macros = {}
for h in glob.glob(os.path.join(top, "lib", "**", "*.h"), recursive=True):
    text = open(h).read()
    for m in re.finditer(r'#define\s+(OT_[A-Z0-9_]+_OPTIONS)\s*\\\n((?:.*\\\n)*.*\n)', text):
        macros[m.group(1)] = ENTRY.findall(m.group(2))

for c in sorted(glob.glob(os.path.join(top, "cmd", "*.c"))):
    prog = os.path.basename(c)[:-2]
    text = open(c).read()
    opts = ENTRY.findall(text)
    for name, entries in macros.items():
        if re.search(r'\b%s\b' % name, text):
            opts += entries
    for name, kind in sorted(set(opts)):
        print(prog, "--" + name, "arg" if kind == "required" else "")
# ot olt's commands: their option tables (and ot olt's own) in lib/run/olt.c
olt = open(os.path.join(top, "lib", "run", "olt.c")).read()
for name, kind in sorted(set(ENTRY.findall(olt))):
    print("ot-olt", "--" + name, "arg" if kind == "required" else "")
dask = open(os.path.join(top, "scripts", "ot-dask")).read()
for m in re.finditer(r'add_argument\(([^)]*)\)', dask):
    args = m.group(1)
    longs = re.findall(r'"(--[a-z-]+)"', args)
    if not longs:
        continue
    takes = "store_true" not in args
    print("ot-dask", longs[0], "arg" if takes else "")
