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
#                        the trace cases side by side with it (issue 15)
#   make fuzz            libFuzzer targets, FUZZ_SECONDS each (needs clang)
#   make soak            random API calls against the model, SOAK_EVENTS of them
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
CI_FUZZ_SECONDS ?= 60
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
# command line's, sim/cli/, and the viewer's SDL-free half (page states,
# rasteriser, layout, run control) so the Check suites can test it without
# a display.
CLI_SRC := $(wildcard sim/cli/*.c)
VIEW_LIB_SRC := $(wildcard viewer/model.c viewer/raster.c viewer/drive.c)
LIB_SRC := $(wildcard sim/base/*.c sim/*.c gem/*.c gpu/*.c sim/driver/*.c sim/output/*.c) \
	$(VIEW_LIB_SRC)
VIEW_SRC := $(filter-out $(VIEW_LIB_SRC),$(wildcard viewer/*.c))
TEST_SRC := $(wildcard tests/test_*.c)
BENCH_SRC := $(wildcard bench/*.c)

# $(call variant-rules,NAME) defines the objects, library and programs of a variant.
define variant-rules
$(1)_DIR := build/$(1)
$(1)_CFLAGS := $$(BASE_CFLAGS) $$(VARIANT_$(1)) $$(CJSON_CFLAGS) $$(CFLAGS)
$(1)_LDFLAGS := $$(LDFLAGS_$(1)) $$(LDFLAGS)
$(1)_LIB := build/$(1)/libgemsim.a
CC_$(1) ?= $$(CC)

build/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  CC [$(1)] $$<")
	$$(Q)$$(CC_$(1)) $$($(1)_CFLAGS) $$(if $$(filter viewer/%,$$<),$$(SDL_CFLAGS)) \
		$$(if $$(filter tests/%,$$<),$$(CHECK_CFLAGS)) -c $$< -o $$@

$$($(1)_LIB): $$(LIB_SRC:%.c=build/$(1)/%.o)
	@$$(if $$(Q),echo "  AR [$(1)] $$@")
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^

build/$(1)/gemsim: $$(CLI_SRC:%.c=build/$(1)/%.o) $$($(1)_LIB)
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(CJSON_LIBS) -lm

build/$(1)/gemsim-view: $$(VIEW_SRC:%.c=build/$(1)/%.o) $$($(1)_LIB)
	$$(Q)$$(CC_$(1)) $$($(1)_LDFLAGS) -o $$@ $$^ $$(SDL_LIBS) $$(CJSON_LIBS) -lm

build/$(1)/tests/suites.h: $$(TEST_SRC)
	@mkdir -p $$(@D)
	$$(Q)grep -ho '^Suite \*[a-z0-9_]*_suite(void)' $$(TEST_SRC) /dev/null | \
		sed 's/^Suite \*\(.*\)_suite(void)/SUITE(\1)/' | sort > $$@.tmp && mv $$@.tmp $$@

build/$(1)/tests/run.o: build/$(1)/tests/suites.h
build/$(1)/tests/run.o: $(1)_CFLAGS += -Ibuild/$(1)

build/$(1)/run-tests: build/$(1)/tests/run.o $$(TEST_SRC:%.c=build/$(1)/%.o) $$($(1)_LIB)
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

FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_TARGETS := $(FUZZ_SRC:fuzz/fuzz_%.c=%)

build/fuzz/fuzz-%: build/fuzz/fuzz/fuzz_%.o $(fuzz_LIB)
	$(Q)$(CC_fuzz) $(fuzz_LDFLAGS) -o $@ $^ $(CJSON_LIBS) -lm

.PHONY: all gemsim viewer test check check-asan check-valgrind bench bench-smoke bench-lcs fuzz fuzz-build soak install \
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

check: build/$(CHECK_VARIANT)/run-tests build/$(CHECK_VARIANT)/gemsim \
		$(if $(VIEW_SRC),build/$(CHECK_VARIANT)/gemsim-view build/$(CHECK_VARIANT)/gemsim-layout-check) \
		build/$(CHECK_VARIANT)/gemsim-soak build/$(CHECK_VARIANT)/gemsim-trace-check \
		build/$(CHECK_VARIANT)/gemsim-bench
	$(Q)sh tests/shape.sh $(SHAPE_MAX_LINES)
	$(Q)CK_DEFAULT_TIMEOUT=60 build/$(CHECK_VARIANT)/run-tests
	$(Q)sh tests/scenarios.sh build/$(CHECK_VARIANT)/gemsim
	$(Q)sh tests/bad.sh build/$(CHECK_VARIANT)/gemsim
	$(Q)sh tests/warn.sh build/$(CHECK_VARIANT)/gemsim
	$(Q)sh tests/cli.sh build/$(CHECK_VARIANT)/gemsim
	$(Q)sh tests/bench.sh build/$(CHECK_VARIANT)/gemsim-bench
	$(Q)STUDY_SEEDS=$(CHECK_STUDY_SEEDS) sh tests/studies.sh build/$(CHECK_VARIANT)/gemsim
	$(Q)sh tests/cluster.sh build/$(CHECK_VARIANT)/gemsim
	$(Q)sh tests/newcomer.sh build/$(CHECK_VARIANT)/gemsim \
		$(if $(VIEW_SRC),build/$(CHECK_VARIANT)/gemsim-view)
	$(Q)sh tests/docs.sh build/$(CHECK_VARIANT)/gemsim \
		$(if $(VIEW_SRC),build/$(CHECK_VARIANT)/gemsim-view)
	$(Q)sh tests/outputs.sh build/$(CHECK_VARIANT)/gemsim build/$(CHECK_VARIANT)/gemsim-trace-check \
		$(if $(VIEW_SRC),build/$(CHECK_VARIANT)/gemsim-view)
	$(Q)sh tests/fuzz-regress.sh build/$(CHECK_VARIANT)/gemsim
	$(Q)$(if $(VIEW_SRC),sh tests/view.sh build/$(CHECK_VARIANT)/gemsim-view)
	$(Q)$(if $(VIEW_SRC),sh tests/layout.sh build/$(CHECK_VARIANT)/gemsim-view \
		build/$(CHECK_VARIANT)/gemsim-layout-check)
	$(Q)sh tests/determinism.sh build/$(CHECK_VARIANT)/gemsim \
		build/$(CHECK_VARIANT)/gemsim-trace-check
	$(Q)build/$(CHECK_VARIANT)/gemsim-soak --events $(CHECK_SOAK_EVENTS) \
		--out build/$(CHECK_VARIANT)/soak-repro.json
	$(Q)build/$(CHECK_VARIANT)/gemsim-soak --events $(CHECK_SOAK_EVENTS) --random-policy \
		--out build/$(CHECK_VARIANT)/soak-repro.json

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
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) check
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) check-asan
	$(Q)$(MAKE) --no-print-directory -j$(JOBS) bench-smoke
	$(Q)$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(CI_FUZZ_SECONDS)

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
FUZZ_FLAGS ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/fuzz-%)

fuzz: fuzz-build
	$(Q)for t in $(FUZZ_TARGETS); do \
		sh fuzz/seeds.sh $$t build/fuzz/corpus/$$t || exit 1; \
		echo "  FUZZ $$t for $(FUZZ_SECONDS)s"; \
		build/fuzz/fuzz-$$t build/fuzz/corpus/$$t -dict=fuzz/$$t.dict \
			-max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build/fuzz/crash-$$t- \
			$(FUZZ_FLAGS) 2>build/fuzz/$$t.log || \
			{ tail -n 60 build/fuzz/$$t.log; exit 1; }; \
		grep -h '^stat::number_of_executed_units\|^Done' build/fuzz/$$t.log; \
	done

# Benchmarks print figures and never fail on a timing (docs/performance.md).
bench: build/release/gemsim-bench
	$(Q)build/release/gemsim-bench $(BENCH_ARGS)

bench-smoke: build/release/gemsim-bench
	$(Q)build/release/gemsim-bench --quick $(BENCH_ARGS)

# Issue 15 side by side: libCacheSim's cachesim built from SRC (a checkout;
# without it tools/libcachesim.sh clones one), then both trace cases, each
# run alternating with cachesim on the same trace.
SRC ?=
bench-lcs: build/release/gemsim-bench
	$(Q)sh tools/libcachesim.sh $(SRC)
	$(Q)build/release/gemsim-bench --case trace-ids --case trace-oracle --repeat 3 \
		--libcachesim build/libcachesim/bin/cachesim $(BENCH_ARGS)

install: build/release/gemsim $(if $(VIEW_SRC),build/release/gemsim-view)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/gemsim/scenarios/kunit \
		$(DESTDIR)$(PREFIX)/share/gemsim/studies $(DESTDIR)$(PREFIX)/share/doc/gemsim/docs
	install -m 755 $^ $(DESTDIR)$(PREFIX)/bin/
	install -m 644 scenarios/*.json $(DESTDIR)$(PREFIX)/share/gemsim/scenarios/
	install -m 644 scenarios/kunit/*.json $(DESTDIR)$(PREFIX)/share/gemsim/scenarios/kunit/
	install -m 644 studies/*.json $(DESTDIR)$(PREFIX)/share/gemsim/studies/
	install -m 644 README.md $(DESTDIR)$(PREFIX)/share/doc/gemsim/
	install -m 644 docs/*.md $(DESTDIR)$(PREFIX)/share/doc/gemsim/docs/

deps:
	$(Q)sh tools/deps.sh

clean:
	rm -rf build gemsim gemsim-view
