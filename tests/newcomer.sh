#!/bin/sh
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
for c in run sweep compare list view; do
	expect 0 "$bin" help "$c"
	has "$tmp/out" "Usage: gemsim"
done
expect 2 "$bin" help frob
has "$tmp/err" "run, sweep, compare, list or view"

# The viewer without a display says so instead of running unseen.
if [ -n "$view" ]; then
	expect 1 env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER \
		timeout 20 "$view" scenarios/talk-vmap-weak.json
	has "$tmp/err" "no display"
	has "$tmp/err" "--headless --screenshot"
fi

finish
