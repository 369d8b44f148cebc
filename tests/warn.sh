#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/warn.sh GEMSIM - API misuse inside events is not a load error: the
# run goes on, prints a WARNING line and exits 0.  For each
# tests/warn/NAME.json, tests/warn/NAME.expect holds the first WARNING line
# `gemsim run --quiet` prints on stdout, or nothing when the scenario
# expects its warnings (then --quiet must print none).
set -u
bin=$1
pass=0
fail=0
for f in tests/warn/*.json; do
	[ -e "$f" ] || continue
	exp="${f%.json}.expect"
	if [ ! -f "$exp" ]; then
		echo "warning test FAILED: $f has no ${exp##*/}"
		fail=$((fail + 1))
		continue
	fi
	out=$("$bin" run --quiet "$f" 2>&1)
	code=$?
	got=$(printf '%s\n' "$out" | grep -m 1 'WARNING:')
	want=$(cat "$exp")
	if [ "$code" -eq 0 ] && [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "warning test FAILED: $f"
		echo "    exit: $code (wanted 0)"
		echo "    got:  $got"
		echo "    want: $want"
	fi
done
echo "warnings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
