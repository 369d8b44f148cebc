#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/bad.sh GEMSIM - the bad-input catalogue.  Each tests/bad/NAME.json
# has a tests/bad/NAME.expect holding the exact first line gemsim must print
# on stderr; the run must exit 2 (the file could not be used).  Files
# without .json (directories, files with odd names) are listed in
# tests/bad/extra.list as "PATH<TAB>EXPECTED".  $VALGRIND, when set, wraps
# each run (make check-valgrind).
set -u
bin=$1
pass=0
fail=0
check() {
	path=$1
	want=$2
	got=$(${VALGRIND:-} "$bin" run "$path" 2>&1 >/dev/null | head -n 1)
	${VALGRIND:-} "$bin" run "$path" >/dev/null 2>&1
	code=$?
	if [ "$code" -eq 2 ] && [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "bad input FAILED: $path"
		echo "    exit: $code (wanted 2)"
		echo "    got:  $got"
		echo "    want: $want"
	fi
}
for f in tests/bad/*.json; do
	[ -e "$f" ] || continue
	exp="${f%.json}.expect"
	if [ ! -f "$exp" ]; then
		echo "bad input FAILED: $f has no ${exp##*/}"
		fail=$((fail + 1))
		continue
	fi
	check "$f" "$(cat "$exp")"
done
if [ -f tests/bad/extra.list ]; then
	tab=$(printf '\t')
	while IFS="$tab" read -r path want; do
		[ -n "$path" ] && check "$path" "$want"
	done < tests/bad/extra.list
fi
echo "bad inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
