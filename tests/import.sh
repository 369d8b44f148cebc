#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/import.sh GEMSIM - issue 25 item 1: a kernel capture in the line
# format of tools/capture/gemsim-capture.bt becomes a scenario that
# replays it (`gemsim import bpftrace`).  The captures are hand-written
# samples in the script's exact format (tests/import/); the script's own
# printf formats are fed to the reader too, so the two cannot drift.
# Prints a closing count.
set -u
bin=$1
name=import
. tests/lib.sh

good=tests/import/panfrost-game.capture

# ---- a good capture -------------------------------------------------------
expect 0 "$bin" import bpftrace "$good" -o "$tmp/g.json"
has "$tmp/err" "5 objects, 18 events (1 shrinker scans) from 29 lines over 10500 ns; RAM 340 pages"
has "$tmp/err" "4 nested calls; not replayed: 2 failed calls, 2 releases of references taken before the capture, 1 calls of other slab shrinkers; 1 objects created at their first line"
g=$tmp/g.json
# outermost calls only: the vmap, not the pin inside it
has "$g" '"at": "2000ns", "op": "vmap", "bo": "bo0" }'
hasnt "$g" '"op": "pin"'
# a fault on a VMA the capture saw mapped, by page
has "$g" '"at": "4700ns", "op": "cpu_access", "map": "m0", "page": 17 }'
has "$g" '"op": "madvise", "bo": "bo2", "advice": 1 }'
# the shrinker's scan, once (its slab_start/slab_end pair is not a second one),
# and not the purge it made: the model decides what a scan takes
has "$g" '"at": "6250ns", "op": "shrink", "nr": 64 }'
lines_shrink=$(grep -c '"op": "shrink"' "$g")
[ "$lines_shrink" -eq 1 ] && ok || bad "$lines_shrink shrink events, wanted 1"
hasnt "$g" '"op": "purge"'
# a failed create and a failed pin are not replayed; an unpin whose pin was
# before the capture is not either, but its object exists from its first line
hasnt "$g" '"pages": 1048576'
has "$g" '"at": "5300ns", "op": "create", "bo": "bo3", "pages": 4 }'
hasnt "$g" '"op": "unpin"'
# an address used again after its free is a new object
has "$g" '"bo4": "0xffff888104b00000"'
has "$g" '"at": "10000ns", "op": "create", "bo": "bo4", "pages": 32 }'
has "$g" '"kernel": "mainline"'
has "$g" '"ram_pages": 340'
# the replay runs, and purges what the kernel purged
expect 0 "$bin" run "$g" --json
has "$tmp/out" '"pages_purged": 64'
has "$tmp/out" '"cpu_faults": 3'
has "$tmp/out" '"errors": 0'
# ... and under another policy and memory size
expect 0 "$bin" run "$g" --set policy.reclaim=fifo --set memory.ram_pages=200 --json
has "$tmp/out" '"oom": [1-9]'
# the same capture gives the same bytes; standard output is the default
expect 0 "$bin" import bpftrace "$good"
cmp -s "$tmp/out" "$g" && ok || bad "import to stdout differs from -o"
expect 0 "$bin" import bpftrace "$good" --ram 2MiB --name game
has "$tmp/out" '"ram_pages": 512'
has "$tmp/out" '"name": "game"'

# ---- bad captures: file:line(:col), exit 2, nothing written ---------------
for f in tests/import/bad/*.capture; do
	echo old > "$tmp/keep.json"
	expect 2 "$bin" import bpftrace "$f" -o "$tmp/keep.json"
	want=$(cat "${f%.capture}.err")
	grep -q -F -- "tests/import/bad/$want" "$tmp/err" && ok ||
		bad "$f: wanted '$want', got: $(head -n 2 "$tmp/err")"
	[ "$(cat "$tmp/keep.json")" = old ] && ok || bad "$f: a failed import replaced keep.json"
done
# options and files
expect 2 "$bin" import
expect 2 "$bin" import perf "$good"
has "$tmp/err" "unknown capture kind 'perf'"
expect 2 "$bin" import bpftrace "$tmp/none.capture"
has "$tmp/err" "cannot read the capture"
expect 2 "$bin" import bpftrace tests/import
has "$tmp/err" "not a regular file"
expect 2 "$bin" import bpftrace "$good" --ram 0
expect 2 "$bin" import bpftrace "$good" --ram 64KB
cp "$good" "$tmp/in.capture"
expect 2 "$bin" import bpftrace "$tmp/in.capture" -o "$tmp/in.capture"
has "$tmp/err" "would overwrite the input"
cmp -s "$good" "$tmp/in.capture" && ok || bad "import overwrote its input"
expect 0 "$bin" import --help
has "$tmp/out" "Usage: gemsim import bpftrace FILE"
expect 0 "$bin" help import
has "$tmp/out" "tools/capture/gemsim-capture"

# ---- the script's own formats are what the reader reads --------------------
# every printf of the shipped scripts, with sample values for its
# conversions, must import: a key or event the reader does not know fails
{
	for bt in tools/capture/gemsim-capture.bt tools/capture/panfrost.bt tools/capture/msm.bt; do
		grep -o 'printf("[^"]*' "$bt" | sed 's/^printf("//; s/\\n$//'
	done
} | sed 's/^%lu %d %d /1000 7 0 /; s/0x%lx/0xffff888104a3c000/g; s/%llu/4096/g; s/%lu/4096/g;
	s/%ld/0/g; s/%u/0/g; s/%d/0/g; s/%s/panfrost_gem_shrinker_scan/g' > "$tmp/script.capture"
n=$(grep -c '^1000 ' "$tmp/script.capture")
[ "$n" -ge 18 ] && ok || bad "only $n call formats found in tools/capture/*.bt"
head -n 1 "$tmp/script.capture" | grep -q '^# gemsim-capture 1 ' && ok ||
	bad "the script's first line is not the capture header"
expect 0 "$bin" import bpftrace "$tmp/script.capture" -o "$tmp/script.json"
has "$tmp/err" "from $n lines"
for ev in create free put_pages pin unpin vmap vunmap get_pages_sgt madvise mmap munmap \
	fault scan slab_start slab_end purge; do
	grep -q "^1000 7 0 $ev " "$tmp/script.capture" && ok || bad "the scripts print no '$ev' line"
done

# ---- bpftrace itself, when it is installed (not a dependency) --------------
# bpftrace -d parses and type-checks without attaching; struct
# drm_gem_object comes from the drm module's BTF, which a machine without
# the module lacks: a stand-in with a size field takes its place, and the
# vmscan tracepoints (which need tracefs) are left out
if command -v bpftrace >/dev/null 2>&1; then
	{
		echo 'struct drm_gem_object { unsigned long pad[8]; unsigned long size; };'
		sed '/---- vmscan/,/^END/{/^END/!d}' tools/capture/gemsim-capture.bt
		cat tools/capture/panfrost.bt tools/capture/msm.bt
	} > "$tmp/dry.bt"
	if bpftrace -d "$tmp/dry.bt" > "$tmp/dry.out" 2>&1; then
		ok
	elif grep -q 'RLIMIT_MEMLOCK\|Operation not permitted' "$tmp/dry.out" &&
		! grep -q 'ERROR: [^U]' "$tmp/dry.out"; then
		echo "import: bpftrace -d cannot run here; the script was not checked"
	else
		bad "bpftrace -d rejects the capture script: $(grep ERROR "$tmp/dry.out" | head -n 3)"
	fi
else
	echo "import: bpftrace is not installed; the capture script was not parsed"
fi

finish
