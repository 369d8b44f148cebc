#!/bin/sh
# SPDX-License-Identifier: MIT
# fuzz/seeds.sh TARGET DIR - put the seed inputs of fuzz target TARGET into
# corpus folder DIR (made if missing; files already there are kept, so a
# corpus grows from run to run).
#   load   scenarios/*.json and scenarios/*/*.json, tests/bad/*.json,
#          tests/fuzz-regress/load-*.json
#   json   the same JSON files as load
#   trace  fuzz/seeds/trace/* and tests/fuzz-regress/trace-* (a selector byte
#          then a trace), and every trace file under scenarios/
set -eu
target=$1
dir=$2
mkdir -p "$dir"
copy() {
	for f in "$@"; do
		[ -f "$f" ] || continue
		# Name by content so the same seed is never stored twice.
		sum=$(cksum < "$f" | tr ' ' '-')
		[ -e "$dir/seed-$sum" ] || cp "$f" "$dir/seed-$sum"
	done
}
case $target in
load | json)
	copy scenarios/*.json scenarios/*/*.json tests/bad/*.json tests/fuzz-regress/load-*.json
	;;
trace)
	copy fuzz/seeds/trace/* tests/fuzz-regress/trace-*.in
	# Trace files shipped with scenarios, behind each selector byte.
	for f in $(find scenarios -name '*.csv' -o -name '*.ids' -o -name '*.txt' 2>/dev/null); do
		for sel in 0 1 2 3; do
			tmp=$dir/.tmp
			{ printf "\\$(printf '%03o' "$sel")"; cat "$f"; } > "$tmp"
			copy "$tmp"
			rm -f "$tmp"
		done
	done
	;;
*)
	echo "fuzz/seeds.sh: unknown target $target" >&2
	exit 1
	;;
esac
