#!/bin/sh
# tests/scenarios.sh GEMSIM - run every scenario in scenarios/ and require
# each to meet its own expectations (exit 0), as shipped: no --check, so
# the default (checking on in every build) is what is tested.  $VALGRIND,
# when set, wraps each run.  Prints one line per scenario and a closing count.
set -u
bin=$1
pass=0
fail=0
for f in scenarios/*.json; do
	[ -e "$f" ] || continue
	if out=$(${VALGRIND:-} "$bin" run --quiet "$f" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "scenario FAILED: $f"
		echo "$out" | sed 's/^/    /'
	fi
done
echo "scenarios: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
