#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/oracle.sh GEMSIM - `gemsim oracle` end to end without a kernel tree:
# tests/oracle/tree is a small helper written for these tests (no kernel
# code); the oracle compiles it against the stand-ins as it would a real
# tree, finds it the same as the model, and catches each change made to a
# copy of it: a vmap that takes no pin, a purge that dereferences NULL, a
# fault that deadlocks.  With KSRC set it also runs the scenarios against
# that tree (docs/oracle.md); without, it says so.
set -u
gemsim=$1
name=oracle
. tests/lib.sh
tree=tests/oracle/tree
helper=drivers/gpu/drm/drm_gem_shmem_helper.c

# the test tree agrees with the model on every KUnit scenario and 300 random sequences
expect 0 "$gemsim" oracle --ksrc "$tree" --build "$tmp/b" scenarios/kunit/*.json --fuzz 300
has "$tmp/out" "^scenarios/kunit/pin-pages.json: same, 4 ops compared"
has "$tmp/out" "^fuzz: seed 1, 300 sequences of 40 ops: .* 0 differences"
has "$tmp/out" " 0 differ "
# the same seed, the same run
"$gemsim" oracle --ksrc "$tree" --build "$tmp/b" --fuzz 50 --seed 9 >"$tmp/f1" 2>&1
"$gemsim" oracle --ksrc "$tree" --build "$tmp/b" --fuzz 50 --seed 9 >"$tmp/f2" 2>&1
cmp -s "$tmp/f1" "$tmp/f2" && ok || bad "two fuzz runs of seed 9 differ"

# a helper whose vmap takes no pin: the difference, op by op, and exit 1
cp -r "$tree" "$tmp/nopin"
awk '/^int drm_gem_shmem_vmap_locked/ { v = 1 } v && /drm_gem_shmem_pin_locked/ { sub(/drm_gem_shmem_pin_locked/, "drm_gem_shmem_get_pages_locked"); v = 0 } { print }' \
	"$tree/$helper" >"$tmp/nopin/$helper"
expect 1 "$gemsim" oracle --ksrc "$tmp/nopin" --build "$tmp/b" scenarios/kunit/vmap.json
has "$tmp/out" "^scenarios/kunit/vmap.json:10: DIFFERS at \`vmap 0\`"
has "$tmp/out" "bo#0: pages_pin_count differs after \`vmap 0\`"
has "$tmp/out" "use 1   pin 0   vmap 1   pages 1 sgt 0 madv 0   |  use 1   pin 1   vmap 1"
# the fuzzer finds it too and shrinks it to a scenario the suite can run
expect 1 "$gemsim" oracle --ksrc "$tmp/nopin" --build "$tmp/b" --fuzz 200 --out "$tmp/min.json"
has "$tmp/out" "^fuzz: shrunk to DIFFERS at \`vmap"
"$gemsim" run "$tmp/min.json" >/dev/null 2>&1
[ $? -le 1 ] && ok || bad "the shrunk sequence does not load: $(cat "$tmp/min.json")"
n=$(grep -c '"op"' "$tmp/min.json")
[ "$n" -le 3 ] && ok || bad "the shrunk sequence has $n ops, wanted at most 3"

# ... and, its vunmap made to drop a use reference too, it is the model's
# vmap_pins=false variant: --set compares with that one
awk '/^void drm_gem_shmem_vunmap_locked/ { v = 1 } v && /drm_gem_shmem_unpin_locked/ { sub(/drm_gem_shmem_unpin_locked/, "drm_gem_shmem_put_pages_locked"); v = 0 } { print }' \
	"$tmp/nopin/$helper" >"$tmp/weak.c" && cp "$tmp/weak.c" "$tmp/nopin/$helper"
expect 1 "$gemsim" oracle --ksrc "$tmp/nopin" --build "$tmp/b" scenarios/kunit/vmap.json
expect 0 "$gemsim" oracle --ksrc "$tmp/nopin" --build "$tmp/b" --set policy.vmap_pins=false \
	scenarios/kunit/vmap.json --fuzz 200
has "$tmp/out" "^scenarios/kunit/vmap.json: same, 9 ops compared"
expect 2 "$gemsim" oracle --ksrc "$tmp/nopin" --build "$tmp/b" --set policy.vmap_pins \
	scenarios/kunit/vmap.json
has "$tmp/err" "--set needs KEY=VALUE"

# --fuzz-for stops on time: the summary says how many ran
expect 0 "$gemsim" oracle --ksrc "$tree" --build "$tmp/b" --fuzz-for 1
has "$tmp/out" "^fuzz: seed 1, [0-9]* sequences of 40 ops"

# a purge that forgets its sg table test dereferences NULL: an oops, reported
cp -r "$tree" "$tmp/oops"
sed 's/	dma_unmap_sgtable(obj->dev->dev, shmem->sgt, DMA_BIDIRECTIONAL, 0);/	shmem->sgt = NULL; sg_free_table(shmem->sgt);/' \
	"$tree/$helper" >"$tmp/oops/$helper"
expect 1 "$gemsim" oracle --ksrc "$tmp/oops" --build "$tmp/b" scenarios/kunit/purge.json
has "$tmp/out" "the kernel oopses at \`purge 0\`; the model runs it without a warning"
has "$tmp/out" "SIGSEGV"

# a fault that takes the reservation lock twice would hang the kernel: reported
cp -r "$tree" "$tmp/dead"
awk '/^static vm_fault_t test_fault/ { f = 1 } f && /vm_fault_t ret = VM_FAULT_SIGBUS;/ { print; print "\tdma_resv_lock(shmem->base.resv, NULL);"; f = 0; next } { print }' \
	"$tree/$helper" >"$tmp/dead/$helper"
cat >"$tmp/fault.json" <<'J'
{"version": 1, "name": "fault", "description": "one fault", "model": {"kernel": "mainline"},
 "memory": {"ram_pages": 64, "swap_pages": 64},
 "objects": [{"name": "a", "pages": 2, "shrinker": false}],
 "events": [{"at": 1, "op": "mmap", "bo": "a", "map": "m"},
            {"at": 2, "op": "cpu_access", "map": "m", "page": 1}],
 "expect": [{"at": "end", "that": {"violations": 0}}]}
J
expect 1 "$gemsim" oracle --ksrc "$tmp/dead" --build "$tmp/b" "$tmp/fault.json"
has "$tmp/out" "dma_resv_lock() of a lock already held: deadlock"

# --lru: the tree's drm_gem_lru_* (cut out of its drm_gem.c) against gemsim's lists
lru=drivers/gpu/drm/drm_gem.c
expect 0 "$gemsim" oracle --ksrc "$tree" --build "$tmp/b" --lru --fuzz 200 --objects 4 --seed 3
has "$tmp/out" "^lru: seed 3, 200 sequences of 40 ops on 4 objects: 8000 ops compared, 0 differences"
"$gemsim" oracle --ksrc "$tree" --build "$tmp/b" --lru --fuzz 40 --seed 9 >"$tmp/l1" 2>&1
"$gemsim" oracle --ksrc "$tree" --build "$tmp/b" --lru --fuzz 40 --seed 9 >"$tmp/l2" 2>&1
cmp -s "$tmp/l1" "$tmp/l2" && ok || bad "two LRU fuzz runs of seed 9 differ"
# a scan that puts what it skipped back at the head: found, shrunk, printed as op lines
cp -r "$tree" "$tmp/head"
sed 's/list_splice_tail(&seen.list, &lru->list);/list_splice(\&seen.list, \&lru->list);/' \
	"$tree/$lru" >"$tmp/head/$lru"
grep -q "list_splice(&seen.list" "$tmp/head/$lru" && ok || bad "the splice edit did not apply"
expect 1 "$gemsim" oracle --ksrc "$tmp/head" --build "$tmp/b" --lru --fuzz 200 --objects 4 --out "$tmp/lru.txt"
has "$tmp/out" "^lru: shrunk to \`lscan"
has "$tmp/out" "order differs after \`lscan"
has "$tmp/lru.txt" "^lscan "
[ "$(grep -c '^l[mrs]' "$tmp/lru.txt")" -le 6 ] && ok || bad "the LRU sequence was not shrunk: $(cat "$tmp/lru.txt")"
# a tree with no drm_gem_lru is skipped; one with a part of it, or no drm_gem.c, is an error
cp -r "$tree" "$tmp/old"
printf 'int drm_gem_init(void)\n{\n\treturn 0;\n}\n' >"$tmp/old/$lru"
expect 0 "$gemsim" oracle --ksrc "$tmp/old" --build "$tmp/b" --lru --fuzz 10
has "$tmp/out" "^lru: skipped: .*has no drm_gem_lru"
sed '/^drm_gem_lru_scan(/,$d' "$tree/$lru" >"$tmp/old/$lru"
expect 2 "$gemsim" oracle --ksrc "$tmp/old" --build "$tmp/b" --lru --fuzz 10
has "$tmp/err" "no definition of drm_gem_lru_scan() found"
rm "$tmp/old/$lru"
expect 2 "$gemsim" oracle --ksrc "$tmp/old" --build "$tmp/b" --lru --fuzz 10
has "$tmp/err" "cannot read .*drm_gem.c"

# bad input: no tree, a tree without the helper, a helper that does not compile
expect 2 "$gemsim" oracle scenarios/kunit/vmap.json
has "$tmp/err" "--ksrc DIR is required"
expect 2 "$gemsim" oracle --ksrc "$tmp" scenarios/kunit/vmap.json
has "$tmp/err" "no drivers/gpu/drm/drm_gem_shmem_helper.c"
cp -r "$tree" "$tmp/broken"
echo "this is not C" >>"$tmp/broken/$helper"
expect 2 "$gemsim" oracle --ksrc "$tmp/broken" --build "$tmp/b" scenarios/kunit/vmap.json
has "$tmp/err" "did not compile"
expect 2 "$gemsim" oracle --ksrc "$tree" --build "$tmp/b" --fuzz x
has "$tmp/err" "--fuzz wants a number"

# a real tree, when the caller has one
if [ -n "${KSRC:-}" ]; then
	expect 0 "$gemsim" oracle --ksrc "$KSRC" --build "$tmp/k" scenarios/kunit/*.json --fuzz 300
	has "$tmp/out" " 0 differ "
	cat "$tmp/out" | tail -n 6
	expect 0 "$gemsim" oracle --ksrc "$KSRC" --build "$tmp/k" --lru --fuzz 300 --objects 4
	has "$tmp/out" "^lru: .* 0 differences"
	grep "^lru:" "$tmp/out"
else
	echo "oracle: KSRC is not set: the oracle against a kernel tree was skipped (make check KSRC=DIR runs it)"
fi
finish
