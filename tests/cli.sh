#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli.sh GEMSIM - the command line as a user drives it: help texts,
# exit codes, the files run/sweep/compare write.  Prints a closing count.
set -u
bin=$1
name=cli
. tests/lib.sh

sc=scenarios/loop-larger-than-ram.json

for c in "" run sweep compare list; do
	expect 0 "$bin" $c --help
	has "$tmp/out" "Usage: gemsim"
done
expect 0 "$bin" --version
has "$tmp/out" "gemsim "
# help help is the command list (exit 0); the list names `list kernels`
expect 0 "$bin" help help
has "$tmp/out" "^Usage: gemsim COMMAND"
expect 0 "$bin" --help
has "$tmp/out" "list policies|stats|ops|kernels"
expect 2 "$bin" help frob
has "$tmp/err" "unknown command 'frob'"
# -q prints what the scenario does not expect: nothing for a scenario whose
# expected violations are its point, the violations once they are news
bp=scenarios/broken-policy-reclaims-pinned.json
expect 0 "$bin" run "$bp" -q
lines "$tmp/out" 0
expect 1 "$bin" run "$bp" -q --set 'expect=[]'
has "$tmp/out" "VIOLATION of invariant 3"
has "$tmp/out" "^FAIL: 2 invariant violation(s) that the scenario does not expect"
expect 2 "$bin" frobnicate
has "$tmp/err" "unknown command 'frobnicate'"
expect 2 "$bin" run
expect 2 "$bin" run "$sc" --bogus
has "$tmp/err" "unknown option '--bogus'"
expect 2 "$bin" run "$sc" --seed -3
expect 2 "$bin" run "$sc" --every 0ms

expect 0 "$bin" list policies
for p in lru fifo clock size; do has "$tmp/out" "^$p "; done
expect 0 "$bin" list stats
has "$tmp/out" "^pages_evicted "

# sweep --vary file=: the scenario file itself varies, FILE may be left out
p1=scenarios/pin-survives-shrink.json p2=scenarios/vmap-holds-pages.json
expect 0 "$bin" sweep --vary file=$p1,$p2 --vary policy.reclaim=lru,fifo --seeds 1 -q \
	--csv "$tmp/f.csv"
lines "$tmp/f.csv" 5
has "$tmp/f.csv" "^run,seed,file,policy.reclaim,exit_code"
has "$tmp/f.csv" "^2,1,$p2,lru,0,"
expect 0 "$bin" sweep --vary file=$p1,$p2 --seeds 1 --jobs-list
has "$tmp/out" "^gemsim run '$p2' --seed 1 --json"
cp $p2 "$tmp/in.json"
expect 2 "$bin" sweep $p1 --vary file=$p1,"$tmp/in.json" --csv "$tmp/in.json"
has "$tmp/err" "would overwrite the input"

# list kernels, and the kernels a scenario's expectations are written for
expect 0 "$bin" list kernels
has "$tmp/out" "^v19 "
has "$tmp/out" "^mainline "
expect 0 "$bin" list kernels scenarios/purge-by-kernel.json
lines "$tmp/out" 2
expect 2 "$bin" list kernels /nonexistent.json

# the JSON summary counts violations per invariant
expect 0 "$bin" run scenarios/vmap-per-commit.json --json
has "$tmp/out" '"violations_by_invariant": {'
has "$tmp/out" '"11": 118'

# --dump-at: the state of every object at a time, as text and in the JSON summary
pk=scenarios/purge-by-kernel.json
expect 0 "$bin" run "$pk" --dump-at 5us
has "$tmp/out" "^state at t=5000ns (kernel v19)"
has "$tmp/out" "^  bo0  *purged  *16  *0  *0  *1 "
expect 0 "$bin" run "$pk" --dump-at 5us --set model.kernel=mainline
has "$tmp/out" "^  bo0  *purged  *16  *16  *0  *1 "
expect 0 "$bin" run "$pk" --dump-at 5us --json
has "$tmp/out" '"dump": {"at_ns":5000,"kernel":"v19"'
has "$tmp/out" '"name":"bo0","state":"purged","size_pages":16,"resident_pages":0'
expect 2 "$bin" run "$pk" --dump-at soon
has "$tmp/err" "dump-at soon"

# run: a time series row per 10us up to the end, and a trace file
expect 0 "$bin" run "$sc" --timeseries "$tmp/ts.csv" --trace "$tmp/tr.json" --every 10ms
has "$tmp/ts.csv" "^time_ns,free_frames,object_pages,swapped_pages,pinned_pages"
lines "$tmp/ts.csv" 7
has "$tmp/tr.json" '"traceEvents"'
expect 2 "$bin" run "$sc" --timeseries /nonexistent/dir/ts.csv
has "$tmp/err" "/nonexistent/dir/ts.csv: cannot write"

# sweep: 2 policies x 2 seeds = 4 rows, a chart, a job list
expect 0 "$bin" sweep "$sc" --vary policy.reclaim=lru,fifo --seeds 1..2 -j2 -q \
	--csv "$tmp/s.csv" --chart "$tmp/s.svg" --metric pages_swapped_in
lines "$tmp/s.csv" 5
has "$tmp/s.csv" "^run,seed,policy.reclaim,exit_code"
has "$tmp/s.csv" "^3,2,fifo,0,"
has "$tmp/s.svg" "<rect"
has "$tmp/s.svg" ">pages_swapped_in<"
expect 0 "$bin" sweep "$sc" --vary policy.reclaim=lru,fifo --seeds 1..2 --jobs-list
lines "$tmp/out" 4
has "$tmp/out" "^gemsim run 'scenarios/loop-larger-than-ram.json' --set 'policy.reclaim=fifo' --seed 2 --json$"
expect 2 "$bin" sweep "$sc" --vary policy.reclaim=lru,bogus -q --csv "$tmp/x.csv"
has "$tmp/err" "unknown reclaim policy \"bogus\""
# --summary: the mean and 95% interval per configuration, the CSV still to --csv
expect 0 "$bin" sweep "$sc" --vary policy.reclaim=lru,fifo --seeds 1..3 -q --summary \
	--metric events --csv "$tmp/sum.csv"
lines "$tmp/out" 4
has "$tmp/out" "^events: mean ± 95% confidence interval (Student t) over 3 seeds$"
has "$tmp/out" "^policy.reclaim  *mean ± 95% CI  *min  *max$"
lines "$tmp/sum.csv" 7
# the figures are the CSV's: mean, min and max of the events column
ev=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "events") c = i }
	NR > 1 && $3 == "fifo" { s += $c; if (!n++ || $c < lo) lo = $c; if ($c > hi) hi = $c }
	END { printf "%d %d", lo, hi }' "$tmp/sum.csv")
grep "^fifo " "$tmp/out" | awk -v want="$ev" '{ exit !($(NF-1) " " $NF == want) }' &&
	ok || bad "--summary's min and max are not the CSV's: $(cat "$tmp/out")"
expect 2 "$bin" sweep "$sc" --vary policy.reclaim=lru --metric nope
expect 2 "$bin" sweep "$sc" --seeds 5..1
# a run that fails its expectations makes the sweep exit 1, rows still written
expect 1 "$bin" sweep "$sc" --vary workloads.0.pattern=loop,zipf -q --csv "$tmp/f.csv"
lines "$tmp/f.csv" 3

# compare: both sides run, the table shows the difference
expect 0 "$bin" compare scenarios/game-evict-vs-purge.json --vs --set policy.purge_first=false
has "$tmp/out" "B-A"
expect 1 "$bin" compare scenarios/game-evict-vs-purge.json --vs --set policy.evict=false
has "$tmp/out" "jobs_failed"

# --no-check in compare, sweep (and its --jobs-list) and mrc, as in run: the
# broken policy's breach of invariant 3 goes unseen once its expectation of
# it is dropped; with the expectation kept, the runs are checked regardless
bp=scenarios/broken-policy-reclaims-pinned.json
expect 1 "$bin" compare "$bp" --set 'expect=[]' --vs --set 'expect=[]'
has "$tmp/out" "^  violations  *2  *2$"
expect 0 "$bin" compare "$bp" --no-check --set 'expect=[]' --vs --set 'expect=[]'
has "$tmp/out" "^  violations  *0  *0$"
expect 0 "$bin" compare "$bp" --no-check --vs
has "$tmp/out" "^  violations  *2  *2$"
expect 1 "$bin" sweep "$bp" --set 'expect=[]' --vary seed=1,2 -q
has "$tmp/out" "^0,scenario,1,1,0,2,"
expect 0 "$bin" sweep "$bp" --set 'expect=[]' --vary seed=1,2 -q --no-check
has "$tmp/out" "^0,scenario,1,0,0,0,"
expect 0 "$bin" sweep "$bp" --vary seed=1 --no-check --jobs-list
has "$tmp/out" "^gemsim run 'scenarios/broken-policy-reclaims-pinned.json' --set 'seed=1' --no-check --json$"
expect 2 "$bin" compare scenarios/game-evict-vs-purge.json --set policy.evict=false
has "$tmp/err" "needs FILE and --vs"

# One option parser for every command (docs/cli.md, "Options"): --opt=value
# as well as --opt value, -- ends the options, - is standard input for a
# scenario, study or CSV argument and standard output for an output file
# (never a file named "-"), an unknown option names what was meant, a
# missing value names its option.
ts=$tmp/ts.csv
expect 0 "$bin" run "$sc" -q --seed=2 --timeseries="$ts" --every=10ms --trace="$tmp/t.json"
has "$ts" "^time_ns,"
has "$tmp/t.json" '"traceEvents"'
expect 0 "$bin" report studies/vmap-pins.json --seeds=2 -q --json="$tmp/r.json" -o "$tmp/r.html"
has "$tmp/r.json" '"first_seed": 1'
expect 0 "$bin" sweep "$sc" --vary=policy.reclaim=lru,fifo --seeds=1 --jobs=2 -q --csv="$tmp/s.csv"
lines "$tmp/s.csv" 3
expect 2 "$bin" run "$sc" --json=out.json
has "$tmp/err" "run: --json takes no value"
for c in run sweep compare mrc report plot import oracle; do
	expect 2 "$bin" $c --sed 1
	has "$tmp/err" "$c: unknown option '--sed'"
	has "$tmp/err" "Try 'gemsim $c --help'"
done
expect 2 "$bin" run "$sc" --jsn
has "$tmp/err" "did you mean \"--json\"?"
expect 2 "$bin" sweep "$sc" --vary policy.reclaim=lru --chrt x.svg
has "$tmp/err" "did you mean \"--chart\"?"
expect 2 "$bin" report studies/vmap-pins.json --seedss 2
has "$tmp/err" "did you mean \"--seeds\"?"
expect 2 "$bin" run "$sc" --seed
has "$tmp/err" "run: --seed needs a value (N)"
expect 2 "$bin" sweep "$sc" --csv
has "$tmp/err" "sweep: --csv needs a value (FILE)"
expect 2 "$bin" mrc "$sc" --svg
has "$tmp/err" "mrc: --svg needs a value (FILE)"
expect 2 "$bin" compare "$sc" --vs --trace
has "$tmp/err" "compare: --trace needs a value (FILE)"
# --: what follows is operands, dashes and all
expect 0 "$bin" run -q -- "$sc"
expect 2 "$bin" run "$sc" -- --json
has "$tmp/err" "one scenario file at a time ('--json' is extra)"
expect 2 "$bin" run -- -q
has "$tmp/err" "^-q: cannot open: No such file" # a file, not the -q option
# - for standard input: the same run as from the file
"$bin" run "$sc" --json >"$tmp/file.json" 2>/dev/null
expect 0 "$bin" run - --json <"$sc"
sed 's|"file": "-"|"file": "'"$sc"'"|' "$tmp/out" | cmp -s - "$tmp/file.json" && ok ||
	bad "run - from standard input differs from run FILE"
expect 0 "$bin" sweep - --vary policy.reclaim=lru,fifo -j2 -q <"$sc"
lines "$tmp/out" 3
has "$tmp/out" "^1,scenario,fifo,0,"
expect 0 "$bin" compare - --vs --set policy.reclaim=fifo <"$sc"
has "$tmp/out" "^compare -$"
expect 0 "$bin" plot - --columns free_frames --svg "$tmp/p.svg" <"$ts"
has "$tmp/p.svg" "<svg"
expect 0 "$bin" import bpftrace - --name=piped <tests/import/panfrost-game.capture
has "$tmp/out" '"name": "piped"'
# - for standard output: the file's bytes on stdout, no file named -
expect 0 "$bin" run "$sc" -q --timeseries - --every 10ms
cmp -s "$tmp/out" "$ts" && ok || bad "run --timeseries - differs from --timeseries FILE"
expect 0 "$bin" sweep "$sc" --vary policy.reclaim=lru,fifo --seeds 1 -j2 -q --csv - \
	--chart "$tmp/s.svg"
cmp -s "$tmp/out" "$tmp/s.csv" && ok || bad "sweep --csv - differs from --csv FILE"
expect 0 "$bin" mrc "$sc" --seeds 1 --sizes 50,100 -q --csv "$tmp/m.csv" --svg -
has "$tmp/out" "^<svg"
expect 0 "$bin" compare "$sc" --vs --set policy.reclaim=fifo --json --trace=-
has "$tmp/out" '"traceEvents"'
expect 0 "$bin" report studies/vmap-pins.json --seeds 2 -q -o - --json "$tmp/r2.json"
has "$tmp/out" "^<!DOCTYPE html>"
cmp -s "$tmp/r.json" "$tmp/r2.json" && ok || bad "report --json=FILE and --json FILE differ"
expect 2 "$bin" sweep "$sc" --vary policy.reclaim=lru --csv - --chart -
has "$tmp/err" "both name standard output"
[ ! -e ./- ] && ok || { bad "an output of - made a file named -"; rm -f ./-; }

# --help names where the docs and scenarios are: the tree's, relative from
# its root and absolute from elsewhere; a copy outside any tree names the
# installed ones under its PREFIX
expect 0 "$bin" --help
has "$tmp/out" "^Docs: docs/ (cli.md"
has "$tmp/out" "^  gemsim run scenarios/pin-survives-shrink.json"
root=$(pwd -P)
abs=$(cd "$(dirname "$bin")" && pwd -P)/$(basename "$bin")
(cd "$tmp" && "$abs" help compare) >"$tmp/out"
has "$tmp/out" "^Docs: $root/docs/ (cli.md.*scenarios: $root/scenarios/"
has "$tmp/out" "gemsim compare $root/scenarios/vmap-weak-use-after-reclaim.json"
mkdir -p "$tmp/bin"
cp "$abs" "$tmp/bin/gemsim"
(cd "$tmp" && bin/gemsim help sweep) >"$tmp/out"
has "$tmp/out" "^Docs: /.*/share/doc/gemsim/docs/ (cli.md.*scenarios: /.*/share/gemsim/scenarios/$"
has "$tmp/out" "Slurm job array: /.*/share/doc/gemsim/docs/sweep.md"
hasnt "$tmp/out" "$root"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
