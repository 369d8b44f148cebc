#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/docs-frames.sh GEMSIM-VIEW [DIR] - the pictures docs/viewer.md and
# the README show, one of each view, made by the headless viewer into DIR
# (default docs/img).  `make docs-frames` refreshes the committed ones;
# tests/docs-frames.sh makes them again in a temporary folder and checks
# that the committed ones are current (same scenario + options = same bytes).
set -eu
view=$1
dir=${2:-docs/img}
mkdir -p "$dir"
size="--size 1920x1080"
w=scenarios/talk-vmap-weak.json

# name | scenario | options
while IFS='|' read -r name file opts; do
	[ -n "$name" ] || continue
	# shellcheck disable=SC2086
	"$view" "$file" --headless $size $opts --screenshot "$dir/$name.png" >/dev/null
done <<EOF_LIST
view-frames|$w|--view frames --at 9ms
view-owners|$w|--view owners --at 9ms
view-objects|$w|--view objects --at 12ms
view-holders|$w|--view holders --at 12ms
view-compare|$w|--view holders --at end --compare --set policy.vmap_pins=false --vs --set policy.vmap_pins=true
view-lists|scenarios/purge-pass-rotation-small.json|--view lists --at 5ms
view-lists-compare|scenarios/finding-purge-pass-rotates-lru.json|--view lists --at 500.9ms --compare --vs --set policy.shrinker=msm
EOF_LIST
