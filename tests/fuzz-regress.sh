#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/fuzz-regress.sh GEMSIM - every input a fuzz target crashed on, run
# through the command line.  Like tests/bad.sh: each tests/fuzz-regress/
# NAME.json has a NAME.expect holding the exact first line gemsim must print
# on stderr, and the run must exit 2.  A NAME.json without .expect must run
# clean instead (exit 0: the scenario meets its own expectations).  The
# fuzz targets replay the same files (`make fuzz`, fuzz/seeds.sh).
set -u
bin=$1
pass=0
fail=0
for f in tests/fuzz-regress/*.json; do
	[ -e "$f" ] || continue
	exp="${f%.json}.expect"
	got=$(${VALGRIND:-} "$bin" run --quiet "$f" 2>&1 >/dev/null | head -n 1)
	${VALGRIND:-} "$bin" run --quiet "$f" >/dev/null 2>&1
	code=$?
	if [ -f "$exp" ]; then
		want=$(cat "$exp")
		wcode=2
	else
		want=""
		wcode=0
	fi
	if [ "$code" -eq "$wcode" ] && [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "fuzz regression FAILED: $f"
		echo "    exit: $code (wanted $wcode)"
		echo "    got:  $got"
		echo "    want: $want"
	fi
done
echo "fuzz regressions: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
