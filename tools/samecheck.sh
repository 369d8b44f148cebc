#!/bin/sh
# SPDX-License-Identifier: MIT
#
# tools/samecheck.sh OLD NEW: the checker of NEW finds the same violations
# as OLD's, at the same times.  Every scenario file (scenarios/, tests/,
# studies/) runs with both binaries as shipped and under each broken or
# what-if policy; stdout, stderr and the exit code must be byte-identical.
# For changes to gem/check.c (docs/performance.md, "The cost of checking").
# Exit 0 when all agree, 1 otherwise (each difference printed).
set -u
old=${1:?usage: tools/samecheck.sh OLD NEW}
new=${2:?usage: tools/samecheck.sh OLD NEW}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/samecheck.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
d=0
viol=0
for f in $(find scenarios tests studies -name '*.json' | LC_ALL=C sort); do
	for set in "" policy.reclaim_pinned=true policy.vmap_pins=false \
		policy.attach_pins=false model.kernel=mainline; do
		n=$((n + 1))
		if [ -n "$set" ]; then
			"$old" run "$f" --set "$set" >"$tmp/a" 2>&1
			ra=$?
			"$new" run "$f" --set "$set" >"$tmp/b" 2>&1
			rb=$?
		else
			"$old" run "$f" >"$tmp/a" 2>&1
			ra=$?
			"$new" run "$f" >"$tmp/b" 2>&1
			rb=$?
		fi
		if [ $ra != $rb ] || ! cmp -s "$tmp/a" "$tmp/b"; then
			d=$((d + 1))
			echo "DIFF $f ${set:-as shipped} (exit $ra/$rb)"
			diff "$tmp/a" "$tmp/b" | head -6
		fi
		viol=$((viol + $(grep -c 'VIOLATION' "$tmp/a")))
	done
done
echo "samecheck: $n runs, $d differ ($viol lines naming a violation)"
[ $d = 0 ]
