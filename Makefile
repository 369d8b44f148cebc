# SPDX-License-Identifier: MIT
# gemsim - one non-recursive Makefile.
#
#   make                 release build: ./gemsim (and ./gemsim-view)
#   make test            what CI runs: check, check-asan and the smoke runs
#   make check           Check suites, every scenario, bad inputs, warnings, the
#                        newcomer checks, the docs' commands and samples (tests/docs.sh),
#                        the studies (tests/studies.sh, CHECK_STUDY_SEEDS seeds each),
#                        a sweep spread by GNU parallel and merged (tests/cluster.sh),
#                        fuzz regressions, determinism, a short soak, viewer pixels, the
#                        bench's libCacheSim comparison against fakes (debug build)
#   make check-asan      the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make check-valgrind  the suite under valgrind memcheck: no error, no leak
#   make bench           benchmarks (release build), prints figures (BENCH_ARGS=...)
#   make bench-smoke     the benchmarks at CI sizes (--quick): a few seconds, figures only
#   make bench-lcs       build libCacheSim's cachesim (tools/libcachesim.sh, SRC=DIR), then
#                        the trace cases side by side with it (docs/performance.md)
#   make fuzz            libFuzzer targets, FUZZ_SECONDS each (needs clang)
#   make soak            random API calls against the model, SOAK_EVENTS of them
#   make oracle KSRC=DIR the scenarios and ORACLE_FUZZ random sequences on DIR's own
#                        drm_gem_shmem_helper.c and on the model, op by op, then
#                        ORACLE_LRU_FUZZ LRU sequences on its drm_gem_lru_* (docs/oracle.md)
#   make install         PREFIX=/usr/local DESTDIR=
#   make deps            install missing Debian packages (root or sudo)
#   make V=1             show the commands
#
# Objects live in build/<variant>/ mirroring the tree, so variants never mix.

# Plain `make` builds ./gemsim and ./gemsim-view (the pattern rules below
# would otherwise make the first library the default goal).
.DEFAULT_GOAL := all

BUILD ?= release
PREFIX ?= /usr/local
DESTDIR ?=
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CI_FUZZ_RUNS ?= 50000
FUZZ_RUNS ?=
FUZZ_CAP ?= 600
CC ?= cc
PKG_CONFIG ?= pkg-config

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wundef -Wvla -Wimplicit-fallthrough -Wpointer-arith -Wcast-qual
BASE_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. $(WARN) -MMD -MP
CJSON_CFLAGS := $(shell $(PKG_CONFIG) --cflags libcjson 2>/dev/null)
CJSON_LIBS := $(shell $(PKG_CONFIG) --libs libcjson 2>/dev/null || echo -lcjson)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck)
SDL_CFLAGS = $(shell $(PKG_CONFIG) --cflags sdl2 SDL2_ttf libpng 2>/dev/null)
SDL_LIBS = $(shell $(PKG_CONFIG) --libs sdl2 SDL2_ttf libpng 2>/dev/null)

VARIANT_release := -O2 -g -DNDEBUG
# libgemsim.so (api/gemsim.h): position-independent, gemsim_* alone exported
VARIANT_shared := -O2 -g -DNDEBUG -fPIC
VARIANT_debug := -O1 -g -DGEMSIM_CHECK_DEFAULT=1
VARIANT_asan := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -DGEMSIM_CHECK_DEFAULT=1
LDFLAGS_asan := -fsanitize=address,undefined
# libFuzzer targets (fuzz/): clang, instrumented for coverage, ASan + UBSan.
FUZZ_CC ?= clang
CC_fuzz = $(FUZZ_CC)
VARIANT_fuzz := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -DGEMSIM_CHECK_DEFAULT=1
LDFLAGS_fuzz := -fsanitize=fuzzer,address,undefined

# Library sources: every layer's folder (docs/architecture.md) but the
# front ends': cli/, api/'s shared build aside, and viewer/.  The viewer's
# SDL-free half (page states, rasteriser, layout, run control) is a library
# of its own, libgemsim-view.a, linked into gemsim-view and the Check suites
# (which test it without a display), never into libgemsim.
CLI_SRC := $(wildcard cli/*.c)
VIEW_LIB_SRC := $(wildcard viewer/model.c viewer/raster.c viewer/drive.c viewer/holders.c \
	viewer/lists.c viewer/headline.c)
LIB_SRC := $(wildcard base/*.c sim/*.c gem/*.c gpu/*.c run/*.c output/*.c oracle/*.c) \
	$(wildcard api/*.c)
VIEW_SRC := $(filter-out $(VIEW_LIB_SRC),$(wildcard viewer/*.c))
TEST_SRC := $(wildcard tests/test_*.c)
BENCH_SRC := $(wildcard bench/*.c)

# The oracle's stand-ins (oracle/stand/), embedded in gemsim as strings
# (tools/embed.sh): `gemsim oracle` writes them beside the kernel tree's
# helper it compiles (docs/oracle.md).  They are never compiled into the
# library: only the kernel side, at `gemsim oracle` time, and the Check
# suite (tests/test_oracle.c) build them.
ORACLE_STAND := $(sort $(wildcard oracle/stand/*.h oracle/stand/*.c oracle/stand/*/*.h))
build/gen/oracle_stand.c: $(ORACLE_STAND) tools/embed.sh
	@mkdir -p $(@D)
	$(Q)sh tools/embed.sh $@ $(ORACLE_STAND)

# The install prefix the programs' help texts name (base/paths.c):
# rewritten only when PREFIX changes, so `make install PREFIX=...` rebuilds
# what prints it and a later plain `make` does not.
build/gen/prefix.h: FORCE
	@mkdir -p $(@D)
	@printf '#define GEMSIM_PREFIX "%s"\n' '$(PREFIX)' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

FORCE:

# $(call variant-rules,NAME) defines the objects, library and programs of a variant.
define variant-rules
$(1)_DIR := build/$(1)
$(1)_CFLAGS := $$(BASE_CFLAGS) $$(VARIANT_$(1)) $$(CJSON_CFLAGS) $$(CFLAGS)
$(1)_LDFLAGS := $$(LDFLAGS_$(1)) $$(LDFLAGS)
$(1)_LIB := build/$(1)/libgemsim.a
$(1)_VIEWLIB := build/$(1)/libgemsim-view.a
CC_$(1) ?= $$(CC)

build/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  CC [$(1)] $$<")
	$$(Q)$$(CC_$(1)) $$($(1)_CFLAGS) $$(if $$(filter viewer/%,$$<),$$(SDL_CFLAGS)) \
		$$(if $$(filter tests/%,$$<),$$(CHECK_CFLAGS)) -c $$< -o $$@

build/$(1)/base/paths.o: build/gen/prefix.h

$$($(1)_LIB): $$(LIB_SRC:%.c=build/$(1)/%.o)
	@$$(if $$(Q),echo "  AR [$(1)] $$@")
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^

$$($(1)_VIEWLIB): $$(VIEW_LIB_SRC:%.c=build/$(1)/%.o)
	@$$(if $$(Q),echo "  AR [$(1)] $$@")
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^

build/$(1)/gen/oracle_stand.o: build/gen/oracle_stand.c
	@mkdir -p $$(@D)
	$$(Q)$$(CC_$(1)) $$($(1)_CFLAGS) -c $$< -o $$@

build/$(1)/gemsim: $$(CLI_SRC:%.c=build/$(1)/%.o) build/$(1)/gen/oracle_stand.o $$($(1)_LIB)
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(CJSON_LIBS) -lm

build/$(1)/gemsim-view: $$(VIEW_SRC:%.c=build/$(1)/%.o) $$($(1)_VIEWLIB) $$($(1)_LIB)
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(SDL_LIBS) $$(CJSON_LIBS) -lm

build/$(1)/tests/suites.h: $$(TEST_SRC)
	@mkdir -p $$(@D)
	$$(Q)grep -ho '^Suite \*[a-z0-9_]*_suite(void)' $$(TEST_SRC) /dev/null | \
		sed 's/^Suite \*\(.*\)_suite(void)/SUITE(\1)/' | sort > $$@.tmp && mv $$@.tmp $$@

build/$(1)/tests/run.o: build/$(1)/tests/suites.h
build/$(1)/tests/run.o: $(1)_CFLAGS += -Ibuild/$(1)

build/$(1)/run-tests: build/$(1)/tests/run.o $$(TEST_SRC:%.c=build/$(1)/%.o) $$($(1)_VIEWLIB) \
		$$($(1)_LIB)
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(CHECK_LIBS) $$(CJSON_LIBS) -lm

build/$(1)/gemsim-trace-check: build/$(1)/tests/trace_check.o
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(CJSON_LIBS) -lm

build/$(1)/gemsim-layout-check: build/$(1)/tests/layout_check.o
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(CJSON_LIBS) -lm

build/$(1)/gemsim-soak: build/$(1)/tests/soak.o $$($(1)_LIB)
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(CJSON_LIBS) -lm

build/$(1)/gemsim-bench: $$(BENCH_SRC:%.c=build/$(1)/%.o) $$($(1)_LIB)
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(CJSON_LIBS) -lm

-include $$(shell find build/$(1) -name '*.d' 2>/dev/null)
endef

$(eval $(call variant-rules,release))
$(eval $(call variant-rules,debug))
$(eval $(call variant-rules,asan))
$(eval $(call variant-rules,fuzz))
$(eval $(call variant-rules,shared))

# libgemsim.so: the library's objects built position-independent, with only
# the names of api/gemsim.h exported (api/gemsim.map).
SOVERSION := 0
build/shared/libgemsim.so.$(SOVERSION): $(LIB_SRC:%.c=build/shared/%.o) api/gemsim.map
	@$(if $(Q),echo "  LD [shared] $@")
	$(Q)$(CC) -shared -Wl,-soname,libgemsim.so.$(SOVERSION) -Wl,--version-script=api/gemsim.map \
		-Wl,--no-undefined -o $@ $(filter %.o,$^) $(CJSON_LIBS) -lm
build/shared/libgemsim.so: build/shared/libgemsim.so.$(SOVERSION)
	$(Q)ln -sf libgemsim.so.$(SOVERSION) $@
lib: build/shared/libgemsim.so

FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_TARGETS := $(FUZZ_SRC:fuzz/fuzz_%.c=%)

build/fuzz/fuzz-%: build/fuzz/fuzz/fuzz_%.o $(fuzz_LIB)
	$(Q)$(CC_fuzz) $(fuzz_LDFLAGS) -o $@ $^ $(CJSON_LIBS) -lm

.PHONY: FORCE all gemsim viewer test check oracle check-asan check-valgrind bench bench-smoke bench-lcs fuzz fuzz-build soak install install-lib lib python docs-frames man schema \
	clean deps test-units test-scenarios test-bad

all: gemsim $(if $(VIEW_SRC),viewer)

gemsim: build/$(BUILD)/gemsim
	$(Q)ln -sf build/$(BUILD)/gemsim gemsim

viewer: build/$(BUILD)/gemsim-view
	$(Q)ln -sf build/$(BUILD)/gemsim-view gemsim-view

# The test suite: the code's layers (tests/shape.sh), unit suites, every
# scenario in scenarios/ against its own expectations, the bad-input
# catalogue (tests/bad/), the API-misuse warnings (tests/warn/), the fuzz
# regressions, determinism, a short soak and the viewer's pixels.
# CHECK_VARIANT picks the build.
CHECK_VARIANT ?= debug
CHECK_SOAK_EVENTS ?= 40000
CHECK_STUDY_SEEDS ?= 3
SOAK_EVENTS ?= 1000000
SOAK_SEED ?= 1
# the longest source file allowed (docs/architecture.md): only ever lowered,
# down to the ~800-line goal
SHAPE_MAX_LINES ?= 800

CHECK_BINS := build/$(CHECK_VARIANT)/run-tests build/$(CHECK_VARIANT)/gemsim \
		$(if $(VIEW_SRC),build/$(CHECK_VARIANT)/gemsim-view build/$(CHECK_VARIANT)/gemsim-layout-check) \
		build/$(CHECK_VARIANT)/gemsim-soak build/$(CHECK_VARIANT)/gemsim-trace-check \
		build/$(CHECK_VARIANT)/gemsim-bench
CHECK_VIEW = $(if $(VIEW_SRC),build/$(CHECK_VARIANT)/gemsim-view)
# make check's steps, each a target of its own so that `make -j` runs them
# side by side (each writes only into its own mktemp directory); make test
# runs them with --output-sync, so that a step's lines stay together
CHECK_STEPS := unit scenarios bad warn cli import timeline bench studies cluster newcomer docs \
	outputs fuzz-regress oracle view docs-frames completion api schema layout determinism soak \
	shape
check: $(addprefix check-step-,$(CHECK_STEPS))
.PHONY: $(addprefix check-step-,$(CHECK_STEPS))
check-step-shape:
	$(Q)sh tests/shape.sh $(SHAPE_MAX_LINES)
check-step-unit: $(CHECK_BINS)
	$(Q)CK_DEFAULT_TIMEOUT=60 build/$(CHECK_VARIANT)/run-tests
check-step-scenarios: $(CHECK_BINS)
	$(Q)sh tests/scenarios.sh build/$(CHECK_VARIANT)/gemsim
check-step-bad: $(CHECK_BINS)
	$(Q)sh tests/bad.sh build/$(CHECK_VARIANT)/gemsim
check-step-warn: $(CHECK_BINS)
	$(Q)sh tests/warn.sh build/$(CHECK_VARIANT)/gemsim
check-step-cli: $(CHECK_BINS)
	$(Q)sh tests/cli.sh build/$(CHECK_VARIANT)/gemsim
check-step-import: $(CHECK_BINS)
	$(Q)sh tests/import.sh build/$(CHECK_VARIANT)/gemsim
check-step-timeline: $(CHECK_BINS)
	$(Q)sh tests/timeline.sh build/$(CHECK_VARIANT)/gemsim build/$(CHECK_VARIANT)/gemsim-trace-check
check-step-bench: $(CHECK_BINS)
	$(Q)sh tests/bench.sh build/$(CHECK_VARIANT)/gemsim-bench
check-step-studies: $(CHECK_BINS)
	$(Q)STUDY_SEEDS=$(CHECK_STUDY_SEEDS) sh tests/studies.sh build/$(CHECK_VARIANT)/gemsim
check-step-cluster: $(CHECK_BINS)
	$(Q)sh tests/cluster.sh build/$(CHECK_VARIANT)/gemsim
check-step-newcomer: $(CHECK_BINS)
	$(Q)sh tests/newcomer.sh build/$(CHECK_VARIANT)/gemsim $(CHECK_VIEW)
check-step-docs: $(CHECK_BINS)
	$(Q)sh tests/docs.sh build/$(CHECK_VARIANT)/gemsim $(CHECK_VIEW)
check-step-outputs: $(CHECK_BINS)
	$(Q)sh tests/outputs.sh build/$(CHECK_VARIANT)/gemsim \
		build/$(CHECK_VARIANT)/gemsim-trace-check $(CHECK_VIEW)
check-step-fuzz-regress: $(CHECK_BINS)
	$(Q)sh tests/fuzz-regress.sh build/$(CHECK_VARIANT)/gemsim
check-step-oracle: $(CHECK_BINS)
	$(Q)KSRC="$(KSRC)" sh tests/oracle.sh build/$(CHECK_VARIANT)/gemsim
check-step-view: $(CHECK_BINS)
	$(Q)$(if $(VIEW_SRC),sh tests/view.sh build/$(CHECK_VARIANT)/gemsim-view)
check-step-docs-frames: $(CHECK_BINS)
	$(Q)$(if $(VIEW_SRC),sh tests/docs-frames.sh build/$(CHECK_VARIANT)/gemsim-view)
check-step-completion: $(CHECK_BINS)
	$(Q)$(if $(VIEW_SRC),sh tests/completion.sh build/$(CHECK_VARIANT))
check-step-api: $(CHECK_BINS)
	$(Q)sh tests/api.sh build/$(CHECK_VARIANT)/gemsim
check-step-schema: $(CHECK_BINS)
	$(Q)sh tests/schema.sh build/$(CHECK_VARIANT)/gemsim
check-step-layout: $(CHECK_BINS)
	$(Q)$(if $(VIEW_SRC),sh tests/layout.sh build/$(CHECK_VARIANT)/gemsim-view \
		build/$(CHECK_VARIANT)/gemsim-layout-check)
check-step-determinism: $(CHECK_BINS)
	$(Q)sh tests/determinism.sh build/$(CHECK_VARIANT)/gemsim \
		build/$(CHECK_VARIANT)/gemsim-trace-check
# both soaks in one step: a failing one writes its reproducer to the same file
check-step-soak: $(CHECK_BINS)
	$(Q)build/$(CHECK_VARIANT)/gemsim-soak --events $(CHECK_SOAK_EVENTS) \
		--out build/$(CHECK_VARIANT)/soak-repro.json
	$(Q)build/$(CHECK_VARIANT)/gemsim-soak --events $(CHECK_SOAK_EVENTS) --random-policy \
		--out build/$(CHECK_VARIANT)/soak-repro.json

# The differential oracle (docs/oracle.md) against a kernel tree: every
# scenario's helper ops on KSRC's drm_gem_shmem_helper.c and on the model,
# then ORACLE_FUZZ random sequences, then ORACLE_LRU_FUZZ random LRU
# sequences on KSRC's drm_gem_lru_* ("skipped" on a tree without them).
# `make check KSRC=DIR` runs a short one too; without KSRC both say they
# skipped it.
KSRC ?=
ORACLE_FUZZ ?= 2000
ORACLE_LRU_FUZZ ?= 2000
ORACLE_KERNEL ?= mainline
oracle: build/release/gemsim
	$(Q)if [ -z "$(KSRC)" ]; then echo "make oracle: set KSRC=DIR, a kernel tree (docs/oracle.md)"; exit 2; fi
	$(Q)build/release/gemsim oracle --ksrc $(KSRC) --kernel $(ORACLE_KERNEL) -q \
		scenarios/kunit/*.json scenarios/*.json --fuzz $(ORACLE_FUZZ)
	$(Q)build/release/gemsim oracle --ksrc $(KSRC) --lru --fuzz $(ORACLE_LRU_FUZZ) --ops 100 --objects 6

# The long soak (tests/soak.c): SOAK_EVENTS random calls under the default
# policy, then as many under random policy knobs; SOAK_SEED picks the run.
# A failure leaves a shrunk reproducer in build/debug/soak-repro.json.
soak: build/debug/gemsim-soak
	$(Q)build/debug/gemsim-soak --events $(SOAK_EVENTS) --seed $(SOAK_SEED) \
		--out build/debug/soak-repro.json
	$(Q)build/debug/gemsim-soak --events $(SOAK_EVENTS) --seed $(SOAK_SEED) --random-policy \
		--out build/debug/soak-repro.json

# Everything CI checks, in one command (the README's test command).
test:
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) all
	$(Q)sh tests/scenarios.sh build/$(BUILD)/gemsim  # as shipped, with the README's build
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target check
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) --output-sync=target check-asan
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) bench-smoke
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_RUNS=$(CI_FUZZ_RUNS)

check-asan:
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		$(MAKE) --no-print-directory check CHECK_VARIANT=asan

# The whole suite under memcheck: any error or leak (of any kind, reachable
# included) fails.  Determinism is left out (it compares bytes, which
# memcheck does not change) and the soak is shortened.
VALGRIND_CMD := valgrind -q --error-exitcode=3 --leak-check=full --show-leak-kinds=all \
	--errors-for-leak-kinds=all
check-valgrind: build/debug/run-tests build/debug/gemsim build/debug/gemsim-soak
	$(Q)CK_FORK=no $(VALGRIND_CMD) build/debug/run-tests
	$(Q)VALGRIND="$(VALGRIND_CMD)" sh tests/scenarios.sh build/debug/gemsim
	$(Q)VALGRIND="$(VALGRIND_CMD)" sh tests/bad.sh build/debug/gemsim
	$(Q)VALGRIND="$(VALGRIND_CMD)" sh tests/fuzz-regress.sh build/debug/gemsim
	$(Q)$(VALGRIND_CMD) build/debug/gemsim-soak --events 6000 --out build/debug/soak-repro.json
	$(Q)$(VALGRIND_CMD) build/debug/gemsim-soak --events 6000 --random-policy \
		--out build/debug/soak-repro.json

# Each fuzz target runs FUZZ_SECONDS on its corpus in build/fuzz/corpus/NAME,
# seeded from the repository (fuzz/seeds.sh) and kept between runs.  A crash
# leaves build/fuzz/crash-NAME-* and fails the target; docs/reliability.md.
# FUZZ_RUNS=N runs N inputs from libFuzzer seed 1 instead (capped at
# FUZZ_CAP seconds): the same inputs on every clean clone, so `make test`
# (CI) passes or fails the same way every time; open-ended hunting is
# `make fuzz FUZZ_SECONDS=N`.
FUZZ_FLAGS ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/fuzz-%)

fuzz: fuzz-build build/debug/run-tests
	$(Q)for t in $(FUZZ_TARGETS); do \
		sh fuzz/seeds.sh $$t build/fuzz/corpus/$$t || exit 1; \
		echo "  FUZZ $$t for $(if $(FUZZ_RUNS),$(FUZZ_RUNS) runs from seed 1,$(FUZZ_SECONDS)s)"; \
		build/fuzz/fuzz-$$t build/fuzz/corpus/$$t -dict=fuzz/$$t.dict \
			$(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS) -seed=1 -max_total_time=$(FUZZ_CAP),-max_total_time=$(FUZZ_SECONDS)) \
			-artifact_prefix=build/fuzz/crash-$$t- \
			$(FUZZ_FLAGS) 2>build/fuzz/$$t.log || \
			{ tail -n 60 build/fuzz/$$t.log; exit 1; }; \
		grep -h '^stat::number_of_executed_units\|^Done' build/fuzz/$$t.log; \
	done
	@# the grown load corpus through both JSON parsers (tests/test_jsonpos_agree.c)
	$(Q)GEMSIM_JSON_CORPUS=build/fuzz/corpus/load CK_RUN_SUITE=jsonpos_agree \
		build/debug/run-tests

# Benchmarks print figures and never fail on a timing (docs/performance.md).
bench: build/release/gemsim-bench
	$(Q)build/release/gemsim-bench $(BENCH_ARGS)

bench-smoke: build/release/gemsim-bench
	$(Q)build/release/gemsim-bench --quick $(BENCH_ARGS)

# Trace replay side by side (docs/performance.md): libCacheSim's cachesim built from SRC (a checkout;
# without it tools/libcachesim.sh clones one), then both trace cases, each
# run alternating with cachesim on the same trace.
SRC ?=
bench-lcs: build/release/gemsim-bench
	$(Q)sh tools/libcachesim.sh $(SRC)
	$(Q)build/release/gemsim-bench --case trace-ids --case trace-oracle --repeat 3 \
		--libcachesim build/libcachesim/bin/cachesim $(BENCH_ARGS)

# Man pages from the programs' own --help (tools/man.sh): they cannot drift.
man: build/release/gemsim $(if $(VIEW_SRC),build/release/gemsim-view)
	$(Q)GEMSIM_DOCDIR=$(PREFIX)/share/doc/gemsim/docs/ \
		GEMSIM_SCENARIODIR=$(PREFIX)/share/gemsim/scenarios/ sh tools/man.sh build/release/gemsim \
		build/release/gemsim-view build/man

# The library for C programs (pkg-config gemsim) and the Python package.
install-lib: build/shared/libgemsim.so
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include
	install -m 755 build/shared/libgemsim.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libgemsim.so.$(SOVERSION) $(DESTDIR)$(PREFIX)/lib/libgemsim.so
	install -m 644 build/release/libgemsim.a $(DESTDIR)$(PREFIX)/lib/ 2>/dev/null || true
	install -m 644 api/gemsim.h $(DESTDIR)$(PREFIX)/include/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e "s|@VERSION@|$$(sed -n 's/^#define GEMSIM_VERSION \"\(.*\)\"/\1/p' base/version.h)|" \
		api/gemsim.pc.in >$(DESTDIR)$(PREFIX)/lib/pkgconfig/gemsim.pc

# The Python package (python/gemsim) with the library inside it, into the
# Python that runs pip (offline: no build isolation, the system setuptools).
PIP ?= pip3
python: build/shared/libgemsim.so
	cp build/shared/libgemsim.so.$(SOVERSION) python/gemsim/
	$(PIP) install --no-build-isolation .

install: build/release/gemsim $(if $(VIEW_SRC),build/release/gemsim-view) man install-lib
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/gemsim/scenarios/kunit \
		$(DESTDIR)$(PREFIX)/share/gemsim/studies $(DESTDIR)$(PREFIX)/share/doc/gemsim/docs \
		$(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(filter build/release/gemsim%,$^) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 build/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 tools/completion/gemsim.bash \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/gemsim
	ln -sf gemsim $(DESTDIR)$(PREFIX)/share/bash-completion/completions/gemsim-view
	install -m 644 tools/completion/_gemsim $(DESTDIR)$(PREFIX)/share/zsh/site-functions/
	install -m 644 scenarios/*.json $(DESTDIR)$(PREFIX)/share/gemsim/scenarios/
	install -m 644 scenarios/kunit/*.json $(DESTDIR)$(PREFIX)/share/gemsim/scenarios/kunit/
	install -m 644 studies/*.json $(DESTDIR)$(PREFIX)/share/gemsim/studies/
	install -m 644 docs/scenario.schema.json $(DESTDIR)$(PREFIX)/share/gemsim/
	install -m 644 README.md $(DESTDIR)$(PREFIX)/share/doc/gemsim/
	install -m 644 docs/*.md $(DESTDIR)$(PREFIX)/share/doc/gemsim/docs/
	install -d $(DESTDIR)$(PREFIX)/share/doc/gemsim/docs/img
	install -m 644 docs/img/*.png $(DESTDIR)$(PREFIX)/share/doc/gemsim/docs/img/
	install -m 644 LICENSE $(DESTDIR)$(PREFIX)/share/doc/gemsim/

# The pictures of docs/viewer.md and the README (tools/docs-frames.sh), made
# again after a change to the viewer; tests/docs-frames.sh checks them.
docs-frames: build/release/gemsim-view
	$(Q)sh tools/docs-frames.sh build/release/gemsim-view docs/img

# The JSON Schema of scenario files, made from the loader's own key lists.
schema: build/release/gemsim
	$(Q)python3 tools/schema.py build/release/gemsim docs/scenario.schema.json

deps:
	$(Q)sh tools/deps.sh

clean:
	rm -rf build gemsim gemsim-view
