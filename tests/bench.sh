#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/bench.sh GEMSIM-BENCH - the bench's side by side with libCacheSim
# (docs/performance.md, bench/lcs.c) without libCacheSim: trace-oracle at --quick size
# against fake cachesim programs (one that prints a result line, one that
# disagrees, one that prints garbage, one that fails) and a path that is not
# there.  Each gives its line and the bench still exits 0; nothing is left
# behind.  No timing is judged.  Prints a closing count.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
name=bench
. tests/lib.sh

# the bench writes its trace into $TMPDIR and runs cachesim in a scratch
# directory there; it runs from an empty directory that must stay empty
mkdir "$tmp/t" "$tmp/work" "$tmp/fake"
export TMPDIR="$tmp/t"
unset LIBCACHESIM
bench() { (cd "$tmp/work" && "$bin" --quick --case trace-oracle "$@"); }

# fake NAME RATIO: a cachesim that prints libCacheSim's result line (sim.c,
# simulate()) with miss ratio RATIO after a log line, logs its arguments to
# $tmp/args and drops a result file in its current directory, as cachesim does
fake() {
	cat >"$tmp/fake/$1" <<EOF
#!/bin/sh
printf '\033[32m[INFO]  cli_parser.c:553 trace path: %s\033[0m\n' "\$1" >&2
printf '%s LRU cache size %8s, %16s req, miss ratio $2, throughput 1.50 MQPS\n' "\$1" "\$4" 500000
echo "\$*" >>"$tmp/args"
echo result >"\$(basename "\$1").cachesim"
EOF
	chmod +x "$tmp/fake/$1"
}

# without libCacheSim: how to get it measured
expect 0 bench
has "$tmp/out" "libCacheSim: not measured; .*--libcachesim PATH (or LIBCACHESIM=PATH).*tools/libcachesim.sh"
has "$tmp/out" "target >= 1x libCacheSim's throughput: not measured"
# the steady state (2/5 of the trace to 6/5 of it), --no-check and checked; a
# busy host may leave no difference between the two lengths: said so
rate='\([0-9.]*M\|(not measurable)\)'
has "$tmp/out" "steady state, requests 200000..600000 (the difference of two runs, best of 1): gemsim --no-check $rate requests/s, checked $rate; whole run $rate and $rate$"
has "$tmp/out" "steady state against libCacheSim: not measured (--libcachesim PATH)$"
# what libCacheSim's cachesim gives on this trace (LRU, 20000 entries)
has "$tmp/out" "libCacheSim-style: trace-oracle LRU cache size 20000, 500000 req, miss ratio 0.2571,"
ratio=$(sed -n 's/.*libCacheSim-style: .* miss ratio \([0-9.]*\),.*/\1/p' "$tmp/out")

# a result line with gemsim's miss ratio, run alternately with --repeat;
# the option wins over $LIBCACHESIM
fake good "${ratio:-0.2571}"
: >"$tmp/args"
# (a relative path, from where the bench runs, while cachesim runs elsewhere)
LIBCACHESIM=/nonexistent expect 0 bench --repeat 2 --libcachesim ../fake/good
has "$tmp/out" "libCacheSim measured: 1.50 MQPS, miss ratio ${ratio:-0.2571}; gemsim [0-9.]* M requests/s = [0-9.]*x (best of 2 runs each, alternating)$"
has "$tmp/out" "medians: libCacheSim 1.50 MQPS; gemsim [0-9.]* M requests/s = [0-9.]*x$"
has "$tmp/out" "target >= 1x libCacheSim's throughput: best [0-9.]*x \(holds\|misses\), median [0-9.]*x \(holds\|misses\)$"
hasnt "$tmp/out" "MISMATCH"
hasnt "$tmp/out" "not measured"
has "$tmp/out" "steady state against libCacheSim \((1.50M requests/s): gemsim --no-check [0-9.]*x (target >= 1.5x), checked [0-9.]*x (target >= 1x); whole run [0-9.]*x and [0-9.]*x\|: not measured (no figure from cachesim on both lengths, or no difference)\)$"
# two runs of the whole trace, then the steady state's two of each length
lines "$tmp/args" 6
has "$tmp/args" "^$TMPDIR/gemsim-bench-zipf-200000-500000.oracleGeneral oracleGeneral LRU 20000 --ignore-obj-size=true$"
has "$tmp/args" "^$TMPDIR/gemsim-bench-zipf-200000-600000.oracleGeneral oracleGeneral LRU 20000 --ignore-obj-size=true$"
has "$tmp/args" "^$TMPDIR/gemsim-bench-zipf-200000-200000.oracleGeneral oracleGeneral LRU 20000 --ignore-obj-size=true$"

# another miss ratio: said loudly, the bench goes on
fake other 0.3000
LIBCACHESIM="$tmp/fake/other" expect 0 bench
has "$tmp/out" "libCacheSim measured: 1.50 MQPS, miss ratio 0.3000; gemsim .*x$"
has "$tmp/out" "MISMATCH: libCacheSim's miss ratio 0.3000 over 500000 requests in 20000 entries, gemsim's ${ratio:-0.2571}"

# no such program, garbage, a failure: a clear line naming the path, exit 0
expect 0 bench --libcachesim "$tmp/none/cachesim"
has "$tmp/out" "libCacheSim: not measured: $tmp/none/cachesim: No such file or directory$"
has "$tmp/out" "target >= 1x libCacheSim's throughput: not measured"
printf '#!/bin/sh\nprintf "\\033[32m[INFO] hello\\033[0m\\nno figures here\\n"\n' >"$tmp/fake/garbage"
printf '#!/bin/sh\necho "cachesim: cannot open trace" >&2\nexit 3\n' >"$tmp/fake/fails"
chmod +x "$tmp/fake/garbage" "$tmp/fake/fails"
expect 0 bench --libcachesim "$tmp/fake/garbage"
has "$tmp/out" "libCacheSim: not measured: $tmp/fake/garbage printed no result line of the shape .*; its last line: no figures here$"
expect 0 bench --libcachesim "$tmp/fake/fails"
has "$tmp/out" "libCacheSim: not measured: $tmp/fake/fails exited 3; its last line: cachesim: cannot open trace$"
hasnt "$tmp/out" "libCacheSim measured"
# one that never finishes (a shell and the sleep it started, which writes its
# PID down): killed after the timeout, the sleep with it
printf '#!/bin/sh\nsleep 60 &\necho $! >"%s"\nwait\necho done\n' "$tmp/sleep.pid" >"$tmp/fake/hangs"
chmod +x "$tmp/fake/hangs"
t0=$(date +%s)
GEMSIM_BENCH_LCS_TIMEOUT=1 expect 0 bench --libcachesim "$tmp/fake/hangs"
[ $(($(date +%s) - t0)) -lt 30 ] && ok || bad "a hanging cachesim held the bench $(($(date +%s) - t0)) s"
has "$tmp/out" "libCacheSim: not measured: $tmp/fake/hangs did not finish in 1 s (GEMSIM_BENCH_LCS_TIMEOUT); killed$"
# only the sleep this test started is looked at (by its PID), never the
# machine; killed, it may stay a zombie (state Z) where nothing reaps orphans
spid=$(cat "$tmp/sleep.pid" 2>/dev/null)
alive() { st=$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null); [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]; }
n=0
while [ -n "$spid" ] && alive "$spid" && [ $n -lt 20 ]; do sleep 0.1; n=$((n + 1)); done
if [ -z "$spid" ]; then
	bad "the hanging cachesim did not start its sleep"
elif alive "$spid"; then
	bad "the hanging cachesim's sleep is still running"
	kill "$spid"
else
	ok
fi

# nothing left behind: no result file where the bench ran, no scratch directory
[ -z "$(ls -A "$tmp/work")" ] && ok || bad "the bench left $(ls -A "$tmp/work") in its directory"
ls "$TMPDIR" | grep -q gemsim-bench-lcs && bad "a scratch directory is left: $(ls "$TMPDIR")" || ok

# shrink-flat: beside ns per freed page, the model's memory against the
# host's last-level cache and the cost per visited object, judged
expect 0 "$bin" --quick --case shrink-flat --size 0
has "$tmp/out" "target flat (<= 1.25x the first size's ns/freed page): [0-9.]* ns, 1.00x holds$"
has "$tmp/out" "gem [0-9.]* MiB \(fits in\|outgrows\) the host's \([0-9]* MiB last-level cache\|last-level cache (size unknown)\); per visited object [0-9.]* ns, 1.00x the first size's: holds (<= 1.25x)$"

# --check-cost: each size again, --no-check and checked in turn, and the ratio judged
expect 0 "$bin" --quick --case page-touch --size 0 --repeat 2 --check-cost
has "$tmp/out" "checking costs [0-9.]*x (--no-check [0-9.]* s, checked [0-9.]* s, best of 2 each, in turn; medians [0-9.]*x): target <= 1.25x \(holds\|misses\)$"
expect 0 "$bin" --quick --case page-touch --size 0
hasnt "$tmp/out" "checking costs"

# --events: each size with that many actions; a count that is not one refused
expect 0 "$bin" --quick --case thrash --size 0 --events 1234 --print-json
has "$tmp/out" '"count": 1234 }'
expect 2 "$bin" --events 12x
has "$tmp/err" "--events: '12x' is not a count from 1 to 100000000"

# tools/instructions.sh: checking's cost in instructions (callgrind), where
# valgrind can run this build (not an ASan one): checking costs something,
# a trace's steady state is a count a request
gemsim=$(dirname "$bin")/gemsim
if command -v valgrind >/dev/null 2>&1 && valgrind -q "$gemsim" --version >/dev/null 2>&1; then
	expect 0 env GEMSIM="$gemsim" GEMSIM_BENCH="$bin" sh tools/instructions.sh --quick thrash
	has "$tmp/out" "^thrash: --no-check [0-9.]*M instructions, checked [0-9.]*M: 1\.[0-9]*x$"
	expect 0 env GEMSIM="$gemsim" GEMSIM_BENCH="$bin" sh tools/instructions.sh --quick \
		--steady trace-oracle
	has "$tmp/out" "^trace-oracle: steady state, requests 200000..600000: [0-9.]* instructions a request --no-check, [0-9.]* checked: 1\.[0-9]*x$"
	expect 1 env GEMSIM="$gemsim" GEMSIM_BENCH="$bin" sh tools/instructions.sh --quick nosuch
	has "$tmp/err" 'unknown case "nosuch"'
fi

expect 0 "$bin" --help
has "$tmp/out" "^  --events N          each size with N workload actions"
has "$tmp/out" "^  --check-cost        each size also --no-check and checked in turn"
has "$tmp/out" "^  --libcachesim PATH  libCacheSim's cachesim (default: \$LIBCACHESIM)"
expect 2 "$bin" --libcachesim
has "$tmp/err" "missing value: '--libcachesim'"
finish
