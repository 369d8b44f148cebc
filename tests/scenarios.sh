#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/scenarios.sh GEMSIM - run every scenario in scenarios/ (and its
# subfolders) and require each to meet its own expectations (exit 0), as
# shipped: no --check, so the default (checking on in every build) is what
# is tested; once under each kernel its "model.kernels" names (`gemsim list
# kernels FILE`).  $VALGRIND, when set, wraps each run.  Prints one line per
# failure and a closing count.
set -u
bin=$1
pass=0
fail=0
for f in scenarios/*.json scenarios/*/*.json; do
	[ -e "$f" ] || continue
	if ! kernels=$("$bin" list kernels "$f" 2>&1); then
		fail=$((fail + 1))
		echo "scenario FAILED to load: $f"
		echo "$kernels" | sed 's/^/    /'
		continue
	fi
	for k in $kernels; do
		if out=$(${VALGRIND:-} "$bin" run --quiet --set model.kernel="$k" "$f" 2>&1); then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "scenario FAILED: $f (kernel $k)"
			echo "$out" | sed 's/^/    /'
		fi
	done
done
echo "scenarios: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
