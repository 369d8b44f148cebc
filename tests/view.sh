#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/view.sh GEMSIM-VIEW - the viewer drawn headless, checked pixel by
# pixel: each test writes a PNG with --screenshot, asks the viewer where a
# page's cell (or the violation banner) is with --locate, and reads that
# pixel back with --probe.  No display is needed (SDL's software renderer).
set -u
view=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/gemsim-view-test.XXXXXX")
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
size="--size 1280x720"

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "view FAILED: $*"; }

# $1 = #rrggbb; prints "R G B" in decimal
rgb() { printf '%d %d %d\n' "0x$(echo "$1" | cut -c2-3)" "0x$(echo "$1" | cut -c4-5)" \
	"0x$(echo "$1" | cut -c6-7)"; }

# pixel FILE.json TIME WHAT PNG -> the colour at WHAT's cell in the picture at TIME
pixel() {
	"$view" "$1" --headless $size --at "$2" --screenshot "$4" >/dev/null || return 1
	at=$("$view" "$1" --headless $size --at "$2" --locate "$3") || return 1
	"$view" --probe "$4" "$at"
}

# 1. after the full shrink the pinned scanout keeps the pinned colour...
got=$(pixel scenarios/talk-pin-survives.json 7ms scanout:5 "$dir/pin.png")
want=$("$view" --color pinned)
[ "$got" = "$want" ] && ok || ko "pinned page after shrink: got $got, want $want"
# ... while the evicted shader is drawn in swap
got=$(pixel scenarios/talk-pin-survives.json 7ms shader:0 "$dir/pin.png")
want=$("$view" --color swap)
[ "$got" = "$want" ] && ok || ko "evicted page in swap: got $got, want $want"
# ... and before the shrink the purgeable staging is yellow
got=$(pixel scenarios/talk-pin-survives.json 4ms staging:0 "$dir/pre.png")
want=$("$view" --color purgeable)
[ "$got" = "$want" ] && ok || ko "purgeable page: got $got, want $want"
# ... and vertex comes back in: resident again after the pin at 8ms
got=$(pixel scenarios/talk-pin-survives.json end vertex:0 "$dir/end.png")
want=$("$view" --color pinned)
[ "$got" = "$want" ] && ok || ko "swapped-in and pinned page: got $got, want $want"

# 2. the vmap-weak story: a red banner once the violation happened, none before
f=scenarios/talk-vmap-weak.json
"$view" $f --headless $size --at 13ms --screenshot "$dir/viol.png" >/dev/null
at=$("$view" $f --headless $size --at 13ms --locate banner)
c=$("$view" --probe "$dir/viol.png" "$at")
set -- $(rgb "$c")
[ "$1" -ge 180 ] && [ "$2" -le 80 ] && [ "$3" -le 90 ] && ok ||
	ko "violation banner at 13ms is $c, not red"
if "$view" $f --headless $size --at 11ms --locate banner >/dev/null 2>&1; then
	ko "a banner before the violation"
else
	ok
fi
# the mmapped pages of texture that were faulted in are green before the shrink
# the banner sits over the log: the RAM map stays in sight, alone and in
# compare mode (pane A), at the moment the violation happens
got=$(pixel $f 13ms fb:0 "$dir/viol.png")
want=$("$view" --color pinned)
[ "$got" = "$want" ] && ok || ko "RAM cell under the violation banner: got $got, want $want"
"$view" $f --headless $size --at 12ms --screenshot "$dir/cmpv.png" \
	--compare --set policy.vmap_pins=false --vs --set policy.vmap_pins=true >/dev/null
at=$("$view" $f --headless $size --at 12ms --locate fb:0 \
	--compare --set policy.vmap_pins=false --vs --set policy.vmap_pins=true)
got=$("$view" --probe "$dir/cmpv.png" "$at")
[ "$got" = "$want" ] && ok || ko "compare pane A under the banner: got $got, want $want"
got=$(pixel $f 5ms texture:3 "$dir/mm.png")
want=$("$view" --color mmapped)
[ "$got" = "$want" ] && ok || ko "mmapped page: got $got, want $want"

# 3. deterministic: the same time twice gives the same bytes, in any order
"$view" $f --headless $size --at 9.3ms --screenshot "$dir/a.png" >/dev/null
"$view" $f --headless $size --at 9.3ms --screenshot "$dir/b.png" >/dev/null
cmp -s "$dir/a.png" "$dir/b.png" && ok || ko "two pictures of 9.3ms differ"
# mid-fade at 9.3ms: the purged cache is not drawn as free yet
got=$(pixel $f 9.3ms cmdbuf:0 "$dir/a.png")
[ -n "$got" ] && ok || ko "cmdbuf is not on the swap map at 9.3ms"

# 4. frames for slides: one PNG per speed/fps of simulated time
"$view" $f --headless --size 640x360 --speed 1ms --fps 2 --from 0 --to 2ms \
	--frames "$dir/frames" >/dev/null
n=$(ls "$dir/frames" | grep -c '^frame-.*\.png$')
[ "$n" -eq 5 ] && ok || ko "--frames made $n pictures, want 5"

# 5. compare mode and the objects view draw
"$view" $f --headless $size --at 12.5ms --screenshot "$dir/cmp.png" \
	--compare --set policy.vmap_pins=false --vs --set policy.vmap_pins=true && ok ||
	ko "compare screenshot"
"$view" $f --headless $size --at 10ms --screenshot "$dir/obj.png" --view objects && ok ||
	ko "objects view screenshot"

# 6. --at: a fraction of the run, the end, and past the end refused
"$view" scenarios/talk-pin-survives.json --headless $size --at 50% --layout "$dir/half.json" &&
	grep -q '"t = 4ms"' "$dir/half.json" && ok || ko "--at 50% of an 8ms run is not 4ms"
msg=$("$view" scenarios/talk-pin-survives.json --headless $size --at 9ms \
	--screenshot "$dir/past.png" 2>&1)
code=$?
[ $code -eq 2 ] && echo "$msg" | grep -q 'past the end of the run (8ms)' && [ ! -e "$dir/past.png" ] &&
	ok || ko "--at past the end: exit $code, '$msg'"
"$view" scenarios/talk-pin-survives.json --headless $size --at 101% --layout "$dir/x.json" \
	>/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "--at 101% accepted"

# 7. a headless picture is settled and shows no playback speed: at 5ms the
# shrink just happened, and the evicted vertex is already plain swap colour
got=$(pixel scenarios/talk-pin-survives.json 5ms vertex:0 "$dir/settled.png")
want=$("$view" --color swap)
[ "$got" = "$want" ] && ok || ko "evicted page at 5ms (just evicted): got $got, want $want"
"$view" scenarios/talk-pin-survives.json --headless $size --at 5ms --layout "$dir/five.json"
grep -q 'paused\|playing\|/s"' "$dir/five.json" && ko "a playback speed in a headless picture" || ok

# 8. words for an audience: on the swap map an object the kernel still has
# vmapped says so; scales in pages, no rates; a long log entry wraps whole
"$view" $f --headless $size --at 10ms --layout "$dir/ten.json"
grep -A5 '"text": "cmdbuf: still vmapped!"' "$dir/ten.json" | grep -q '"parent": "swap"' && ok ||
	ko "no 'cmdbuf: still vmapped!' on the swap map at 10ms"
grep -q '"text": "1 cell = 1 page"' "$dir/ten.json" && ! grep -q 'row = \|/s)' "$dir/ten.json" &&
	ok || ko "map scale not in pages, or a per-second rate"
grep -A1 '"text": "shrink nr=192: shrinker freed 112 pages: purged staging 48, evicted vertex 40, evicted shader 24"' \
	"$dir/five.json" | grep -q '"clipped": false' && ok || ko "the shrink's log entry is cut"

# 9. a bad file: the loader's file:line:col message and exit 2
printf '{"version": 1,\n "memory": {"ram_pages": 8},\n "captions": [ {"at": 0} ],\n "events": []}\n' \
	>"$dir/bad.json"
msg=$("$view" "$dir/bad.json" --headless --screenshot "$dir/x.png" 2>&1 >/dev/null)
code=$?
[ $code -eq 2 ] && echo "$msg" | grep -q 'bad.json:3:16: a caption needs "text"' && ok ||
	ko "bad file: exit $code, message '$msg'"

# 4. the holders view: who holds what.  With vmap_pins=false the shrinker
# took cmdbuf's pages while the vmap still points at them: its card has a
# red border and the page the kernel wrote (3) is in swap; a pin keeps fb.
hv="--view holders"
"$view" $f --headless $size $hv --at 12ms --screenshot "$dir/hold.png" >/dev/null
at=$("$view" $f --headless $size $hv --at 12ms --locate card:cmdbuf)
got=$("$view" --probe "$dir/hold.png" "$at")
[ "$got" = "#ff5a64" ] && ok || ko "stale vmap: cmdbuf's card border is $got, not red"
at=$("$view" $f --headless $size $hv --at 12ms --locate cmdbuf:3)
got=$("$view" --probe "$dir/hold.png" "$at")
[ "$got" = "$("$view" --color swap)" ] && ok || ko "cmdbuf page 3 in its card: $got, not swap"
at=$("$view" $f --headless $size $hv --at 12ms --locate fb:0)
got=$("$view" --probe "$dir/hold.png" "$at")
[ "$got" = "$("$view" --color pinned)" ] && ok || ko "fb page 0 in its card: $got, not pinned"
# ... with vmap_pins=true the vmap pins: cmdbuf stays, vmapped, no red card
"$view" $f --headless $size $hv --at 12ms --set policy.vmap_pins=true \
	--screenshot "$dir/hold2.png" >/dev/null
at=$("$view" $f --headless $size $hv --at 12ms --set policy.vmap_pins=true --locate card:cmdbuf)
got=$("$view" --probe "$dir/hold2.png" "$at")
[ "$got" != "#ff5a64" ] && ok || ko "a pinning vmap drew cmdbuf's card red"
at=$("$view" $f --headless $size $hv --at 12ms --set policy.vmap_pins=true --locate cmdbuf:3)
got=$("$view" --probe "$dir/hold2.png" "$at")
[ "$got" = "$("$view" --color vmapped)" ] && ok || ko "pinned-by-vmap cmdbuf page 3: $got"

# 5. talk tooling: --deck makes a settled slide per caption, in the view
# the caption names, and the speaker notes; --record makes a movie, or
# says once that ffmpeg is missing and writes the frames instead
"$view" $f --headless $size --deck "$dir/deck" >/dev/null
n=$(ls "$dir/deck" | grep -c '^slide-[0-9][0-9]\.png$')
[ "$n" -eq 8 ] && ok || ko "--deck made $n slides, not 8 (one per caption)"
grep -q '^7\. \*\*t = 12ms\*\* (slide-07.png): The kernel writes' "$dir/deck/slides.md" && ok ||
	ko "slides.md lacks slide 7's caption"
# slide 7's caption asks for the holders view: cmdbuf's card is red there
at=$("$view" $f --headless $size --at 12ms --view holders --locate card:cmdbuf)
got=$("$view" --probe "$dir/deck/slide-07.png" "$at")
[ "$got" = "#ff5a64" ] && ok || ko "slide 7 is not the holders view with cmdbuf red ($got)"
# ... the same picture as --at 12ms --view holders: a slide is its time, settled
cmp -s "$dir/deck/slide-07.png" "$dir/hold.png" && ok || ko "slide 7 differs from --at 12ms"
if "$view" scenarios/pin-survives-shrink.json --headless $size --deck "$dir/d2" 2>"$dir/err"; then
	ko "--deck of a scenario without captions succeeded"
else
	grep -q 'no captions' "$dir/err" && ok || ko "--deck without captions: $(cat "$dir/err")"
fi
mkdir -p "$dir/nobin"
out=$(PATH="$dir/nobin" "$view" $f --headless $size --record "$dir/m.mp4" --speed 2ms \
	--fps 2 --to 4ms 2>&1)
echo "$out" | grep -q 'ffmpeg is not installed' && [ -s "$dir/m.mp4.frames/frame-000004.png" ] &&
	[ ! -e "$dir/m.mp4" ] && ok || ko "--record without ffmpeg: $out"
if command -v ffmpeg >/dev/null 2>&1; then
	"$view" $f --headless $size --record "$dir/m.mp4" --speed 2ms --fps 2 --to 4ms >/dev/null &&
		[ "$(dd if="$dir/m.mp4" bs=1 skip=4 count=4 2>/dev/null)" = ftyp ] && ok ||
		ko "--record made no MP4"
fi
"$view" $f --headless $size --record "$dir/m.avi" >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "--record of an .avi was not refused with exit 2"
# --frames and --record take the same span: --to before --from, or too many
# frames, is bad input (exit 2) for both, and no folder is made
for out in "--frames $dir/span" "--record $dir/span.mp4"; do
	"$view" $f --headless $size $out --from 4ms --to 2ms 2>"$dir/err" >/dev/null
	[ $? -eq 2 ] && grep -q 'before --from' "$dir/err" && ok ||
		ko "$out --from 4ms --to 2ms: $(cat "$dir/err")"
	"$view" $f --headless $size $out --speed 1ns --fps 240 2>"$dir/err" >/dev/null
	[ $? -eq 2 ] && grep -q '100000 frames' "$dir/err" && [ ! -e "$dir/span" ] && ok ||
		ko "$out --speed 1ns: $(cat "$dir/err")"
done

# 7. the list view: a purge pass kept tex0..tex2, purged cache0 and stopped
f=scenarios/purge-pass-rotation-small.json
lv="--headless $size --view lists --at 5ms"
"$view" $f $lv --screenshot "$dir/list.png" >/dev/null
# lpixel WHAT [compare options] -> the colour at WHAT in the picture ($dir/list.png)
lpixel() {
	w=$1
	shift
	at=$("$view" $f $lv --locate "$w" "$@") || return 1
	"$view" --probe "$dir/list.png" "$at"
}
got=$(lpixel list:tex3)
want=$("$view" --color resident)
[ "$got" = "$want" ] && ok || ko "list view: unreached tex3 is $got, want $want (willneed)"
got=$(lpixel list-edge:tex3)
[ "$got" = "$want" ] && ok || ko "list view: tex3 was not rotated but its edge is $got"
got=$(lpixel list-edge:tex0)
[ "$got" = "#ffffff" ] && ok || ko "list view: rotated tex0 has no white outline ($got)"
got=$(lpixel list:cache1)
want=$("$view" --color purgeable)
[ "$got" = "$want" ] && ok || ko "list view: DONTNEED cache1 is $got, want $want"
got=$(lpixel scan)
[ "$got" = "#ff5a6e" ] && ok || ko "list view: the scan cursor is $got, not #ff5a6e"
if "$view" $f --headless $size --view lists --at 2ms --locate scan >/dev/null 2>&1; then
	ko "list view: a scan cursor before the first scan"
else
	ok
fi
# with msm's lists (pane A here) the purge stage never walks tex0: no outline
"$view" $f $lv --screenshot "$dir/list.png" --compare --set policy.shrinker=msm --vs \
	>/dev/null
got=$(lpixel list-edge:tex0 --compare --set policy.shrinker=msm --vs)
want=$("$view" --color resident)
[ "$got" = "$want" ] && ok || ko "list view, msm: tex0's edge is $got, want $want"
"$view" $f $lv --screenshot "$dir/l2.png" --compare --set policy.shrinker=msm --vs >/dev/null
cmp -s "$dir/list.png" "$dir/l2.png" && ok || ko "two list-view pictures of 5ms differ"

# 8. compare mode's headline: a known counter, or exit 2
"$view" $f --headless $size --at end --screenshot "$dir/hl.png" --headline pages_purged \
	--compare --vs --set policy.shrinker=msm >/dev/null && ok || ko "--headline screenshot"
msg=$("$view" $f --headless --screenshot "$dir/x.png" --headline swap_ins --compare --vs 2>&1)
code=$?
[ $code -eq 2 ] && echo "$msg" | grep -q "no counter named 'swap_ins'" && ok ||
	ko "--headline swap_ins: exit $code, message '$msg'"
"$view" $f --headless --screenshot "$dir/x.png" --headline pages_purged >/dev/null 2>&1
[ $? -eq 2 ] && ok || ko "--headline without --compare is accepted"

# --locate reads its page strictly: digits alone, as every number of the CLI
for bad in fb:1x fb: :3 fb:99999999999999999999 'fb: 1'; do
	"$view" scenarios/talk-vmap-weak.json --headless $size --at 12ms --locate "$bad" \
		>/dev/null 2>&1
	[ $? -eq 2 ] && ok || ko "--locate '$bad' was not refused with exit 2"
done

echo "view: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
