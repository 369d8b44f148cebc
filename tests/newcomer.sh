#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/newcomer.sh GEMSIM [GEMSIM-VIEW] - the first hour of a new user
# (issue 14): what the README's build does by default, help for every
# command, errors that say what went wrong and what would be right.
# Prints a closing count.
set -u
bin=$1
view=${2:-}
name=newcomer
. tests/lib.sh

# Invariants are checked by default in every build: the scenario that
# demonstrates a broken policy passes as shipped, and shows its violation.
bp=scenarios/broken-policy-reclaims-pinned.json
expect 0 "$bin" run "$bp"
has "$tmp/out" "VIOLATION of invariant 3"
has "$tmp/out" "^OK$"
# --no-check does not apply to a scenario that expects violations
expect 0 "$bin" run "$bp" --no-check
has "$tmp/out" "VIOLATION of invariant 3"
# ... but does to one that does not
expect 0 "$bin" run scenarios/pin-survives-shrink.json --no-check
"$bin" help run >"$tmp/out" 2>&1
has "$tmp/out" "the default"

# help for every command, view included
for c in run sweep compare list view oracle; do
	expect 0 "$bin" help "$c"
	has "$tmp/out" "Usage: gemsim"
done
expect 2 "$bin" help frob
has "$tmp/err" "run, sweep, compare, report, mrc, plot, import, oracle, list, view or help"

# sweep and compare say which runs failed and which expectations
sc=scenarios/loop-larger-than-ram.json
expect 1 "$bin" sweep "$sc" --vary workloads.0.pattern=loop,zipf -q --csv "$tmp/f.csv"
has "$tmp/err" "run 1 failed (workloads.0.pattern=zipf, the scenario's seed)"
has "$tmp/err" "FAIL at .*loop-larger-than-ram.json:[0-9]*:[0-9]*: stats.cpu_faults: wanted"
has "$tmp/err" "1 of 2 runs failed"
expect 1 "$bin" compare scenarios/game-evict-vs-purge.json --vs --set policy.evict=false
has "$tmp/out" "^B FAILED:"
has "$tmp/out" "stats.jobs_failed: wanted 0, got"
hasnt "$tmp/out" "^A FAILED:"

# unknown names: the nearest known one, and the list
cat >"$tmp/typo.json" <<'JSON'
{ "version": 1, "memory": { "ram_pages": 64 },
  "objects": [ { "name": "fb", "pages": 4 }, { "name": "tex", "pages": 4 } ],
  "events": [ { "at": 0, "op": "pinn", "bo": "tx" } ] }
JSON
expect 2 "$bin" run "$tmp/typo.json"
has "$tmp/err" 'typo.json:3:32: unknown op "pinn" (did you mean "pin"? ops: create, free,'
sed 's/"pinn"/"pin"/' "$tmp/typo.json" >"$tmp/typo2.json"
expect 2 "$bin" run "$tmp/typo2.json"
has "$tmp/err" 'unknown object "tx" in "bo" (.*did you mean "tex"? objects: fb, tex)'
expect 2 "$bin" sweep "$sc" --metric swapped_in
has "$tmp/err" 'unknown --metric swapped_in (did you mean "pages_swapped_in"? metrics: violations,'

# Traces: shrinker scans last as long as their work; a trace's objects keep
# their names.
expect 0 "$bin" run scenarios/game-evict-vs-purge.json -q --trace "$tmp/g.json"
has "$tmp/g.json" '"name":"shrinker scan","pid":1,"tid":1,"ts":[0-9.]*,"dur":1291.000'  # a 128-page batch: 1280us of swap-out, 50 visits at costs.scan_object
expect 0 "$bin" run docs/examples/trace.json -q --trace "$tmp/t.json"
has "$tmp/t.json" '"args":{"name":"shader_cache"}'
hasnt "$tmp/t.json" 'bo#'

# The viewer without a display says so instead of running unseen.
if [ -n "$view" ]; then
	expect 1 env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER \
		timeout 20 "$view" scenarios/talk-vmap-weak.json
	has "$tmp/err" "no display"
	has "$tmp/err" "--headless --screenshot"
	# and nothing of SDL's own before it (its Wayland probe's noise)
	expect 1 env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER -u XDG_RUNTIME_DIR \
		timeout 20 "$view" scenarios/talk-vmap-weak.json
	hasnt "$tmp/err" "XDG_RUNTIME_DIR"
	has "$tmp/err" "^gemsim-view: no display"
fi

finish
