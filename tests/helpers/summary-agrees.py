#!/usr/bin/env python3
"""summary-agrees.py GOT.json WANT.json: every number of the oracle's
summary (WANT) is ot-match's (GOT) too; else names the first that is
not, and exits 1."""
import json, sys

got, want = (json.load(open(p)) for p in sys.argv[1:3])


def check(g, w, path):
    if isinstance(w, dict):
        for k in w:
            check(g[k], w[k], path + "." + k)
    elif g != w:
        sys.exit(f"{path}: ot-match says {g}, the oracle {w}")


check(got, want, "summary")
