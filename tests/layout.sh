#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/layout.sh GEMSIM-VIEW GEMSIM-LAYOUT-CHECK - every talk and finding
# scenario (and compare mode) laid out at 1280x720, 1920x1080 and 3840x2160,
# font scale 1, 1.5 and 2, at the middle of the run and at its end: the
# --layout JSON of each picture goes through gemsim-layout-check (no box
# over another it does not belong to, no key label cut, all on the picture).
set -u
view=$1
check=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/gemsim-layout-test.XXXXXX")
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
want=map,legend,log,text,panel,caption
# at the end a violation banner may take the whole log band
wend=map,legend,text,panel,caption

# layout NAME SIZE SCALE AT WANT [ARGS...]: one picture's boxes, checked
layout() {
	name=$1 size=$2 scale=$3 at=$4 roles=$5
	shift 5
	out="$dir/$name-$size-$scale-$(echo "$at" | tr -d %).json"
	if ! "$view" "$@" --headless --size "$size" --font-scale "$scale" --at "$at" \
		--layout "$out" >"$dir/out" 2>&1; then
		fail=$((fail + 1))
		echo "layout FAILED: $name $size x$scale at $at: $(cat "$dir/out")"
		return
	fi
	if "$check" --want "$roles" "$out" >"$dir/problems"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "layout FAILED: $name $size font scale $scale at $at:"
		sed 's/^/    /' "$dir/problems" | head -8
	fi
}

for size in 1280x720 1920x1080 3840x2160; do
	for scale in 1 1.5 2; do
		# a talk's captions pick the view of each slide: the holders view
		# draws its maps only when the pane is wide enough for them, and a
		# finding's lists view (from its second caption on) has none
		for f in scenarios/talk-*.json scenarios/finding-*.json; do
			n=$(basename "$f" .json)
			w=$want e=$wend
			case $n in talk-* | finding-*) w=${want#map,} e=${wend#map,} ;; esac
			layout "$n" $size $scale 50% $w "$f"
			layout "$n" $size $scale end $e "$f"
		done
		layout frames-vmap $size $scale 12ms $wend scenarios/talk-vmap-weak.json --view frames
		layout compare-vmap $size $scale 50% $want scenarios/talk-vmap-weak.json \
			--compare --set policy.vmap_pins=false --vs --set policy.vmap_pins=true
		layout compare-vmap $size $scale end $wend,banner scenarios/talk-vmap-weak.json \
			--compare --set policy.vmap_pins=false --vs --set policy.vmap_pins=true
		layout compare-purge $size $scale end $want scenarios/finding-purge-pass-rotates-lru.json \
			--view frames --compare --vs --set policy.shrinker=msm
		# its captions' view: the two runs' lists side by side
		layout compare-purge-lists $size $scale end legend,text,panel,caption \
			scenarios/finding-purge-pass-rotates-lru.json --compare --vs --set policy.shrinker=msm
	done
done
# the presets, with the caption every preset carries (what the figures are
# and where they come from) in its band
for f in scenarios/presets/*.json; do
	n=$(basename "$f" .json)
	if grep -q '"captions"' "$f"; then pass=$((pass + 1)); else
		fail=$((fail + 1)); echo "layout FAILED: $f has no captions"; fi
	for scale in 1 2; do
		layout "$n" 1920x1080 $scale 50% $want "$f"
	done
	layout "$n" 1280x720 1.5 end $want "$f"
done
# the other views: by owner, the object rows, who holds what, the lists
for size in 1280x720 1920x1080; do
	for scale in 1 2; do
		layout owners $size $scale 50% $want scenarios/talk-vmap-weak.json --view owners
		layout objects $size $scale end legend,text,panel,caption,banner \
			scenarios/talk-vmap-weak.json --view objects
		layout holders $size $scale 12ms legend,text,panel,caption,banner \
			scenarios/talk-vmap-weak.json --view holders
		layout holders-dmabuf $size $scale 50% ${want#map,} scenarios/talk-dmabuf-pinned.json \
			--view holders
		layout holders-compare $size $scale end legend,text,panel,caption \
			scenarios/talk-vmap-weak.json --view holders \
			--compare --set policy.vmap_pins=false --vs --set policy.vmap_pins=true
		layout lists $size $scale 50% legend,text,panel,caption \
			scenarios/finding-purge-pass-rotates-lru.json --view lists
		layout lists-small $size $scale end legend,text,panel,caption \
			scenarios/purge-pass-rotation-small.json --view lists
	done
done
# the violation banner is in the list, whole
layout banner 1920x1080 1 end $wend,banner scenarios/talk-vmap-weak.json

# the checker itself finds what it is for: a caption over a map, a cut legend entry
cat >"$dir/bad.json" <<'JSON'
{"width": 100, "height": 100, "boxes": [
 {"id": "ram", "role": "map", "x": 0, "y": 0, "w": 50, "h": 50, "text": "", "clipped": false, "parent": null},
 {"id": "caption", "role": "caption", "x": 40, "y": 40, "w": 50, "h": 20, "text": "c", "clipped": false, "parent": null},
 {"id": "legend", "role": "legend", "x": 0, "y": 60, "w": 100, "h": 40, "text": "", "clipped": false, "parent": null},
 {"id": "t1", "role": "text", "x": 0, "y": 60, "w": 30, "h": 10, "text": "pinn…", "clipped": true, "parent": "legend"},
 {"id": "t2", "role": "text", "x": 90, "y": 90, "w": 30, "h": 10, "text": "off", "clipped": false, "parent": "legend"}
]}
JSON
"$check" "$dir/bad.json" >"$dir/problems"
code=$?
if [ $code -eq 1 ] && grep -q 'caption.*overlaps\|overlaps caption' "$dir/problems" &&
	grep -q 'key label cut' "$dir/problems" && grep -q 'not inside the 100x100' "$dir/problems"
then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "layout FAILED: the checker missed a problem (exit $code):"
	cat "$dir/problems"
fi

echo "layout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
