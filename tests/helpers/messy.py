#!/usr/bin/env python3
"""messy.py gen SEED N [BAD]: write N messy person records to stdout: odd
values, quoting, short and long rows, blank lines, mixed line ends.  With
BAD, the record after the middle one holds a malformed UTF-8 byte; its
physical line number is printed to stderr.

messy.py check INPUT TOKENS [COUNT]: every record of INPUT (or its first
COUNT) has exactly five rows T1..T5 in TOKENS, in input order, with its
RecordId, or one UUID v4 when it has none."""
import csv
import io
import random
import re
import sys

HEADERS = ["RecordId", "FirstName", "LastName", "BirthDate", "Sex",
           "PostalCode", "SocialSecurityNumber"]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def value(rnd, col):
    pools = {
        "FirstName": ["John", "Dr. Mary Ann", "José", "Łukasz", "Zoë", "  Ann ", "O'Neil", "Jean-Luc Jr.",
                      "李", "N/A", "Test", "", " ", "Ann\u00a0Marie", "😀", "Mıssıng", "A", "Smith, Jr.",
                      "line\nbreak", 'say "hi"', "x" * rnd.randint(1, 3000)],
        "LastName": ["Doe", "Ng", "Ly", "García-López", "Smith III", "", "Unknown", "O\"Hara", "a,b"],
        "BirthDate": ["2000-01-01", "01/31/2000", "31.01.2000", "2000/01/31", "2001-02-29", "1909-12-31",
                      "2023-10-26T23:30:00-05:00", "2023-10-26T12:34:56", "", "tomorrow", "2999-01-01"],
        "Sex": ["M", "F", "Male", "female", "MALE", " M", "U", "", "m"],
        "PostalCode": ["98004", "980", "1563", "98004-1234", "12345", "M5V 3L9", "k1a", "H0H 0H0", "", "٩٨٠٠٤"],
        "SocialSecurityNumber": ["234-56-7890", "234567890", "2345678", "123-45-6789", "000-12-3456",
                                 "234.567.890", "", "abc", "234 56 7890"],
    }
    return rnd.choice(pools[col])


def quote(v, rnd):
    if any(c in v for c in ',"\r\n') or (v and rnd.random() < 0.1):
        return '"' + v.replace('"', '""') + '"'
    return v


def gen(seed, n, bad):
    rnd = random.Random(seed)
    out = io.StringIO()
    eols = ["\n", "\r\n", "\r"]
    out.write(",".join(HEADERS) + "\n")
    bad_at = n // 2 if bad else -1
    for i in range(n):
        if rnd.random() < 0.05:
            out.write(rnd.choice(eols))
        rid = "" if rnd.random() < 0.1 else f"id-{seed}-{i}"
        fields = [rid] + [value(rnd, c) for c in HEADERS[1:]]
        r = rnd.random()
        if r < 0.05:
            fields = fields[:rnd.randint(1, 6)]
        elif r < 0.1:
            fields += ["extra"] * rnd.randint(1, 3)
        text = ",".join(quote(f, rnd) for f in fields)
        if text == "":
            text = '""'
        if i == bad_at:
            text = text.replace(",", ",\udcff", 1) if "," in text else text + "\udcff"
            # its line: one more than the line ends before it, CRLF being one
            before = out.getvalue()
            print(1 + len(re.findall(r"\r\n|\r|\n", before)) +
                  len(re.findall(r"\r\n|\r|\n", text[:text.index("\udcff")])),
                  file=sys.stderr)
        out.write(text)
        out.write(rnd.choice(eols))
    sys.stdout.buffer.write(out.getvalue().encode("utf-8", "surrogateescape"))


def check(inp, tokens, count):
    with open(inp, newline="", encoding="utf-8", errors="surrogateescape") as f:
        rows = [r for r in csv.reader(f) if r]
    ids = [r[0] if r and r[0] != "" else None for r in rows[1:]]
    if count is not None:
        ids = ids[:count]
    with open(tokens, newline="") as f:
        out = list(csv.reader(f))
    if not ids:
        assert out == [], out
        return
    assert out[0] == ["RuleId", "Token", "RecordId"], out[0]
    body = out[1:]
    assert len(body) == 5 * len(ids), (len(body), len(ids))
    for k, rid in enumerate(ids):
        five = body[5 * k:5 * k + 5]
        assert [r[0] for r in five] == ["T1", "T2", "T3", "T4", "T5"], (k, five)
        got = {r[2] for r in five}
        assert len(got) == 1, (k, five)
        got = got.pop()
        if rid is None:
            assert UUID.match(got), (k, got)
        else:
            assert got == rid, (k, got, rid)
    print(f"{len(ids)} records, {len(body)} token rows")


if sys.argv[1] == "gen":
    gen(int(sys.argv[2]), int(sys.argv[3]), len(sys.argv) > 4)
else:
    check(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else None)
