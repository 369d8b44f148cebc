#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/shape.sh MAX_LINES - the code keeps to its layers (docs/architecture.md):
# tools/layers.sh on a made-up tree must catch an upward include, a long
# file and (with --func) a long function, then pass on the real one with
# files of at most MAX_LINES lines.
set -u
max=$1
root=$(pwd)
name=shape
. tests/lib.sh

mkdir -p "$tmp/t/base" "$tmp/t/sim" "$tmp/t/gem"
printf '#include "sim/sim.h"\n' >"$tmp/t/gem/shm.c"
printf '#include "base/error.h"\n' >"$tmp/t/sim/sim.c"
: >"$tmp/t/sim/sim.h"
: >"$tmp/t/base/error.h"
(cd "$tmp/t" && sh "$root/tools/layers.sh") >"$tmp/out" 2>&1 && ok || bad "a clean tree fails: $(cat "$tmp/out")"
has "$tmp/out" "0 upward includes, 0 over 800 lines"
# the engine naming the model reaches up
printf '#include "gem/gem.h"\n' >>"$tmp/t/sim/sim.c"
(cd "$tmp/t" && sh "$root/tools/layers.sh") >"$tmp/out" 2>&1 && bad "an upward include passes" || ok
has "$tmp/out" "^up: sim/sim.c (engine) includes gem/gem.h (model)$"
# base (base/error.c) naming the loader reaches up too
sed -i '$d' "$tmp/t/sim/sim.c"
printf '#include "run/load.h"\n' >"$tmp/t/base/error.h"
(cd "$tmp/t" && sh "$root/tools/layers.sh") >"$tmp/out" 2>&1 && bad "base -> run passes" || ok
has "$tmp/out" "^up: base/error.h (base) includes run/load.h (run)$"
: >"$tmp/t/base/error.h"
# a file over the limit
seq 12 >"$tmp/t/gem/shm.c"
(cd "$tmp/t" && sh "$root/tools/layers.sh" --lines 10) >"$tmp/out" 2>&1 && bad "a long file passes" || ok
has "$tmp/out" "^long: gem/shm.c has 12 lines (over 10)$"
# a function over the limit, and its neighbours that are not
{
	printf 'struct shm_object {\n\tint a;\n};\n\n'
	printf 'static const int tab[] = {\n\t1,\n\t2,\n\t3,\n\t4,\n\t5,\n};\n\n'
	printf 'int shm_short(int x)\n{\n\treturn x;\n}\n\n'
	printf 'static int shm_long(struct shm_object *o,\n\t\t    int x)\n{\n'
	seq 6 | sed 's/.*/\tx++;/'
	printf '\treturn x;\n}\n'
} >"$tmp/t/gem/shm.c"
(cd "$tmp/t" && sh "$root/tools/layers.sh") >"$tmp/out" 2>&1 && ok || bad "a long function fails without --func: $(cat "$tmp/out")"
(cd "$tmp/t" && sh "$root/tools/layers.sh" --func 10) >"$tmp/out" 2>&1 && bad "a long function passes" || ok
has "$tmp/out" "^func: gem/shm.c:18 shm_long has 11 lines (over 10)$"
has "$tmp/out" "1 functions over 10 lines$"
(cd "$tmp/t" && sh "$root/tools/layers.sh" --func 11) >"$tmp/out" 2>&1 && ok || bad "a function at the limit fails: $(cat "$tmp/out")"

# the real tree: no file over MAX_LINES, no function over 80 lines
sh tools/layers.sh --lines "$max" --func 80 >"$tmp/out" 2>&1 && ok || bad "$(cat "$tmp/out")"
# every C file is laid out as .clang-format says (tools/format.sh)
sh tools/format.sh --check >"$tmp/out" 2>&1 && ok || bad "$(grep -v '^format: [0-9]' "$tmp/out" | head -5)"
# every source file carries its license line (LICENSE)
sh tools/spdx.sh >"$tmp/out" 2>&1 && ok || bad "$(grep -v '^spdx: [0-9]' "$tmp/out" | head -5)"
finish
