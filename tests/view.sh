#!/bin/sh
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

echo "view: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
