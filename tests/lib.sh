# SPDX-License-Identifier: MIT
# tests/lib.sh - helpers the shell tests source: a scratch directory,
# pass/fail counts and the checks.  The sourcing script sets $name (the
# word its failure lines start with) before sourcing.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$name FAILED: $*"; }
# expect CODE CMD...: the command exits with CODE (its output in $tmp/out, $tmp/err)
expect() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" -eq "$want" ] && ok || bad "$* exited $got, wanted $want: $(head -n 2 "$tmp/err")"
}
has() { grep -q -- "$2" "$1" && ok || bad "$1 lacks '$2': $(head -n 3 "$1")"; }
hasnt() { grep -q -- "$2" "$1" && bad "$1 has '$2'" || ok; }
lines() { n=$(wc -l < "$1"); [ "$n" -eq "$2" ] && ok || bad "$1 has $n lines, wanted $2"; }
# finish: the closing count, and the exit status
finish() {
	echo "$name: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
