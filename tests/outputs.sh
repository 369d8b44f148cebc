#!/bin/sh
# tests/outputs.sh GEMSIM - what gemsim writes, under hostile conditions:
# text from outside never reaches a terminal, an SVG or a JSON file raw;
# (further sections: output paths, interrupted runs, full disks, caps).
# Every check here takes well under a second.  Prints a closing count.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "outputs FAILED: $*"; }
# expect CODE CMD...: the command exits with CODE (stdout, stderr in $tmp)
expect() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	[ "$got" -eq "$want" ] && ok || bad "$* exited $got, wanted $want: $(head -n 2 "$tmp/err")"
}
has() { grep -q -- "$2" "$1" && ok || bad "$1 lacks '$2'"; }
# no C0 control byte but newline and tab, no DEL
clean() { LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" && bad "$1 has control bytes" || ok; }
utf8() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && ok || bad "$1 is not UTF-8"; }

sc=scenarios/loop-larger-than-ram.json

# ---- item 9: text from outside is escaped --------------------------------
esc=$(printf 'x\033[31mRED\033]0;t\007')
expect 0 "$bin" run "$sc" --set "name=$esc" --set "description=$esc"
clean "$tmp/out"
has "$tmp/out" '^scenario x\\x1b\[31mRED'
expect 0 "$bin" run "$sc" --set "name=$(printf 'a\377b')" --json
utf8 "$tmp/out"
has "$tmp/out" '"name": "a\\ufffdb"'
long=$(printf '%070d' 0)
expect 0 "$bin" run "$sc" --set "name=n$long"
has "$tmp/out" "^scenario n000000000000000000000000000000000000000000000000000000000000000\.\.\.: "
expect 0 "$bin" sweep "$sc" --vary "name=$(printf 'a\001<b>'),$(printf 'c\377d')" -q \
	--csv "$tmp/x.csv" --chart "$tmp/x.svg"
clean "$tmp/x.svg"
utf8 "$tmp/x.svg"
has "$tmp/x.svg" 'a.&lt;b&gt;<'

echo "outputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
