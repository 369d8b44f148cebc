#!/bin/sh
# SPDX-License-Identifier: MIT
#
# tools/instructions.sh [--quick] [--steady] CASE...: what a bench case costs
# in instructions (callgrind), which the host's load does not move, for the
# targets of docs/performance.md that wall-clock runs on a shared host
# cannot settle ("The cost of checking", "Steady state, side by side").
#
# Each CASE (a gemsim-bench case: page-touch, thrash, gpu-mixed, scale,
# shrink-flat, trace-ids, trace-oracle) at its first size (--quick: its
# first quick size), as `gemsim-bench --print-json` writes it, is run by
# `gemsim run -q` under callgrind with --no-check and checked: the
# instructions of the whole process (set-up and final walk included) and
# checked / --no-check.  --steady (trace cases): the same at 2/5 and 6/5
# of the trace (gemsim-bench --events), and the instructions a request
# between the two lengths, --no-check and checked.
#
# GEMSIM and GEMSIM_BENCH name the binaries (build/release/gemsim and
# build/release/gemsim-bench).  Exit 0, 1 when a run failed, 2 on a usage
# error or without valgrind.
set -u
gemsim=${GEMSIM:-build/release/gemsim}
bench=${GEMSIM_BENCH:-build/release/gemsim-bench}
quick=
steady=false
usage() {
	echo "usage: tools/instructions.sh [--quick] [--steady] CASE..." >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=--quick ;;
	--steady) steady=true ;;
	-h | --help)
		sed -n '3,20p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] || usage
if ! command -v valgrind >/dev/null 2>&1; then
	echo "tools/instructions.sh: valgrind is not installed (make deps installs it)" >&2
	exit 2
fi
for b in "$gemsim" "$bench"; do
	if [ ! -x "$b" ]; then
		echo "tools/instructions.sh: $b: no such program (make all builds it)" >&2
		exit 2
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/instructions.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0

# ir FILE [ARG]: the instructions of `gemsim run -q [ARG] FILE`, or nothing
# when the run did not exit 0 (an ASan build, for one, cannot run there)
ir() {
	# shellcheck disable=SC2086 # no ARG: no word
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$gemsim" run -q ${2:-} "$1" \
		>/dev/null 2>"$tmp/err" &&
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/err"
}

# both FILE: "NC CK" instructions, --no-check and checked (or a failure)
both() {
	nc=$(ir "$1" --no-check)
	ck=$(ir "$1")
	if [ -z "$nc" ] || [ -z "$ck" ]; then
		echo "tools/instructions.sh: $1: gemsim under callgrind failed:" >&2
		grep -v -e 'Callgrind, a' -e Copyright -e 'Using Valgrind' -e 'Command:' \
			-e callgrind_control -e 'Events  *:' -e 'Collected :' -e 'I   refs' \
			-e '^==[0-9]*== *$' "$tmp/err" | head -3 >&2
		return 1
	fi
	echo "$nc $ck"
}

for c in "$@"; do
	if ! "$bench" $quick --case "$c" --size 0 --print-json >"$tmp/$c.json"; then
		failed=1
		continue
	fi
	if ! r=$(both "$tmp/$c.json"); then
		failed=1
		continue
	fi
	awk -v c="$c" -v r="$r" 'BEGIN {
		split(r, x, " ")
		printf "%s: --no-check %.1fM instructions, checked %.1fM: %.3fx\n",
		       c, x[1] / 1e6, x[2] / 1e6, x[2] / x[1] }'
	case $c in trace-*) ;; *) continue ;; esac
	$steady || continue
	# the trace's length at this size, from the generated file's name
	n=$(sed -n 's/.*-\([0-9]*\)\.\(ids\|oracleGeneral\)".*/\1/p' "$tmp/$c.json")
	if [ -z "$n" ]; then
		echo "tools/instructions.sh: $c: no trace length in the scenario" >&2
		failed=1
		continue
	fi
	# the bench's steady lengths (print_steady(): events / 5 * 2 and * 6)
	# shellcheck disable=SC2017
	lo=$((n / 5 * 2))
	# shellcheck disable=SC2017
	hi=$((n / 5 * 6))
	for len in $lo $hi; do
		"$bench" $quick --case "$c" --size 0 --events "$len" --print-json \
			>"$tmp/$c-$len.json" || failed=1
	done
	if ! a=$(both "$tmp/$c-$lo.json") || ! b=$(both "$tmp/$c-$hi.json"); then
		failed=1
		continue
	fi
	awk -v c="$c" -v lo=$lo -v hi=$hi -v a="$a" -v b="$b" 'BEGIN {
		split(a, x, " "); split(b, y, " ")
		nc = (y[1] - x[1]) / (hi - lo); ck = (y[2] - x[2]) / (hi - lo)
		printf "%s: steady state, requests %d..%d: %.1f instructions a request " \
		       "--no-check, %.1f checked: %.3fx\n", c, lo, hi, nc, ck, ck / nc }'
done
exit $failed
