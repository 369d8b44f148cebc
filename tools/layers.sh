#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/layers.sh [--lines N] [--func M] - the shape of the code, as
# docs/architecture.md draws it: each source file's layer, every #include
# that reaches UP a layer (a lower layer naming a higher one's header), every
# file longer than N lines (default 800) and, with --func, every function
# longer than M lines in the library and bench/ (from the line naming it to
# its closing brace; kernel style puts a function's braces in column 0).
# Run from the repository root.  Prints nothing but a summary line when the
# code keeps to its layers; exit 1 otherwise.
#
# The layers, bottom to top (a file may include its own layer and those
# below), each in its own top-level folder, so a file's path says its layer:
#   1 base     base/: utilities with no model in them: errors, numbers and
#              units, RNG and Zipf, histograms and statistics, text escaping,
#              JSON reading (with positions) and writing, safe output files
#   2 engine   sim/: the engine alone: sim.c (clock, event queue, the
#              simulation object, reports), queue.c, scenario.c (the loaded
#              scenario's data)
#   3 model    gem/ (pages, shmem objects, LRU, shrinker, dma-buf) and gpu/
#              (devices, MMU, VMs, jobs, fences)
#   4 run      run/: load*.c (JSON -> scenario), workload*.c, run.c: what
#              turns a file into events and runs them
#   5 output   output/: output.c, dump.c, tev.c: summaries, time series,
#              traces; oracle/: the differential oracle's comparison and
#              fuzzer (its stand-ins in oracle/stand/ are kernel-side code,
#              no layer)
#   6 front    cli/, viewer/ and api/: the command line, the viewer, the
#              library's public API
set -u
max=800
func=
while [ $# -ge 2 ]; do
	case $1 in
	--lines) max=$2 ;;
	--func) func=$2 ;;
	*) echo "layers.sh: unknown option $1 (--lines N, --func M)" >&2; exit 2 ;;
	esac
	shift 2
done
[ $# -eq 0 ] || { echo "layers.sh: $1 needs a number" >&2; exit 2; }

layer() {
	case $1 in
	base/*) echo 1 ;;
	sim/*/*) echo 0 ;; # a sub-folder of the engine's room is no layer
	sim/*) echo 2 ;;
	gem/* | gpu/*) echo 3 ;;
	run/*) echo 4 ;;
	oracle/stand/*) echo 0 ;; # kernel-side stand-ins: compiled with a tree, no layer
	output/* | oracle/*) echo 5 ;;
	cli/* | viewer/* | api/*) echo 6 ;;
	*) echo 0 ;;
	esac
}
name() {
	case $1 in
	1) echo base ;; 2) echo engine ;; 3) echo model ;; 4) echo run ;;
	5) echo output ;; 6) echo front ;; *) echo other ;;
	esac
}

up=0
long=0
files=$(ls base/*.[ch] sim/*.[ch] sim/*/*.[ch] gem/*.[ch] gpu/*.[ch] run/*.[ch] output/*.[ch] \
	cli/*.[ch] viewer/*.[ch] oracle/*.[ch] oracle/stand/*.[ch] api/*.[ch] 2>/dev/null)
for f in $files; do
	lf=$(layer "$f")
	for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		lh=$(layer "$h")
		if [ "$lh" -gt "$lf" ]; then
			echo "up: $f ($(name "$lf")) includes $h ($(name "$lh"))"
			up=$((up + 1))
		fi
	done
	n=$(wc -l <"$f")
	if [ "$n" -gt "$max" ]; then
		echo "long: $f has $n lines (over $max)"
		long=$((long + 1))
	fi
done
nfunc=0
if [ -n "$func" ]; then
	# a function starts at a line naming it (column 0, a parenthesis, no
	# semicolon) and runs to the next "}" in column 0
	out=$(awk -v max="$func" '
	/^[A-Za-z_][^;]*\(/ { cand = FNR; line = $0 }
	/^\{/ { start = cand; fn = line; sub(/\(.*/, "", fn); sub(/.*[ *]/, "", fn) }
	/^\}/ && start {
		n = FNR - start + 1
		if (n > max)
			printf "func: %s:%d %s has %d lines (over %d)\n", FILENAME, start, fn, n, max
		start = 0
	}' $(echo "$files" | grep '\.c$') $(ls bench/*.c 2>/dev/null))
	[ -z "$out" ] || { echo "$out"; nfunc=$(echo "$out" | wc -l); }
	funcs=", $nfunc functions over $func lines"
fi
echo "layers: $(echo "$files" | wc -l) files, $up upward includes, $long over $max lines${funcs:-}"
[ "$up" -eq 0 ] && [ "$long" -eq 0 ] && [ "$nfunc" -eq 0 ]
