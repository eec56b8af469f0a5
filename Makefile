# ot: OpenToken as Unix filters.  See README.md.
VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR     = $(PREFIX)/bin
MANDIR     = $(PREFIX)/share/man/man1
COMPDIR    = $(PREFIX)/share/bash-completion/completions
CC        ?= cc

PROGS      = ot ot-normalize ot-meta ot-sign ot-hash ot-encrypt ot-decrypt \
             ot-keygen ot-package ot-match ot-report ot-parquet ot-inspect \
             ot-split ot-audit
LIBSRC     = $(wildcard lib/*.c lib/*/*.c)
LIBHDR     = $(wildcard lib/*.h lib/*/*.h)
LDLIBS     = -lutf8proc -lcrypto -lcjson -lzip -lsnappy -lzstd -lz -lyaml -lpcre2-8

CFLAGS    ?= -O2 -g
OT_CFLAGS  = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
             -DOT_VERSION='"$(VERSION)"'

# SANITIZE=1 builds a separate ASan+UBSan tree and tests it.
ifeq ($(SANITIZE),1)
VARIANT    = san
OT_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
OT_LDFLAGS = -fsanitize=address,undefined
BIN        = build/san/bin
else
VARIANT    = std
BIN        = bin
endif
OBJ        = build/$(VARIANT)
LIBOBJ     = $(LIBSRC:lib/%.c=$(OBJ)/lib/%.o)
LIBOT      = $(OBJ)/libot.a
UNITS      = $(OBJ)/tests/unit-attributes $(OBJ)/tests/unit-randpool \
             $(OBJ)/tests/unit-gcmlimit $(OBJ)/tests/unit-exchange

FUZZERS    = fuzz_csv fuzz_attr fuzz_base64 fuzz_decrypt fuzz_keys fuzz_package fuzz_parquet fuzz_jwe fuzz_ring fuzz_writers fuzz_report fuzz_olt fuzz_config fuzz_audit
REPLAYS    = $(FUZZERS:%=$(OBJ)/tests/replay_%)

.PHONY: all deps test-deps demo check test unit bench install clean lint fuzz
all: $(PROGS:%=$(BIN)/%)

$(OBJ)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(OT_CFLAGS) -c -o $@ $<

$(OBJ)/cmd/%.o: cmd/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(OT_CFLAGS) -c -o $@ $<

$(LIBOT): $(LIBOBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN)/%: $(OBJ)/cmd/%.o $(LIBOT)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(OT_LDFLAGS) -o $@ $< $(LIBOT) $(LDFLAGS) $(LDLIBS)

$(OBJ)/tests/unit-%: tests/unit/%.c $(LIBOT)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(OT_CFLAGS) $(OT_LDFLAGS) -o $@ $< $(LIBOT) $(LDLIBS) -lpthread

# A fuzz target run over files by tests/fuzz/replay.c, in this build's
# compiler and sanitizers: the kept crashing inputs run in "make check".
$(OBJ)/tests/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBOT)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(OT_CFLAGS) $(OT_LDFLAGS) -o $@ tests/fuzz/$*.c tests/fuzz/replay.c $(LIBOT) $(LDLIBS)

# libFuzzer builds (clang): "make fuzz", then scripts/fuzz SECONDS.
FUZZ_CC     = clang
FUZZ_CFLAGS = -g -O1 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Ilib \
              -DOT_VERSION='"$(VERSION)"' -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_LIBOBJ = $(LIBSRC:lib/%.c=build/fuzz/lib/%.o)

build/fuzz/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/libot.a: $(FUZZ_LIBOBJ)
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libot.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libot.a $(LDLIBS)

fuzz: $(FUZZERS:%=build/fuzz/%)

deps:
	@scripts/install-deps

test-deps: deps
	@scripts/install-test-deps

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo $(BIN)

unit: $(UNITS)

# check: every test, on the plain build and under ASan+UBSan (with
# SANITIZE=1, only the latter); test: one build's tests.
check: test-deps
	@scripts/check $(if $(filter 1,$(SANITIZE)),san,std san)

test: all unit $(REPLAYS)
	@OT_SANITIZE=$(filter 1,$(SANITIZE)) scripts/run-tests $(BIN) $(OBJ)/tests

CEILING    = $(OBJ)/tests/crypto-ceiling
$(CEILING): tests/bench/crypto-ceiling.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(OT_CFLAGS) -o $@ $< -lcrypto

bench: all $(CEILING)
	@scripts/bench $(BIN) $(CEILING)

# Warnings and errors, and no include running upward between lib/'s
# wings (scripts/check-layers, also run by the tests); mandoc's STYLE note "referenced manual not found"
# for .Xr between our own pages goes away once they are installed, and
# tests/bats/man.bats checks those references against man/ instead.
lint:
	mandoc -Tlint -W warning man/*.1
	scripts/check-layers

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(COMPDIR)
	install -m 755 $(PROGS:%=$(BIN)/%) scripts/ot-dask $(DESTDIR)$(BINDIR)
	install -m 644 $(PROGS:%=man/%.1) man/ot-dask.1 man/ot-olt.1 $(DESTDIR)$(MANDIR)
	install -m 644 scripts/ot-completion.bash $(DESTDIR)$(COMPDIR)/ot
	for p in $(filter-out ot,$(PROGS)) ot-dask; do \
		ln -sf ot $(DESTDIR)$(COMPDIR)/$$p || exit 1; \
	done

clean:
	rm -rf build bin
