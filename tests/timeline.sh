#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/timeline.sh GEMSIM TRACE-CHECK - issue 25 item 2 (what a --trace
# shows) and the kernel-format figures of item 1 (fdinfo, vmstat): counters
# written when they change, object slices with their counts, flows from a
# fault to its reclaim and from swap-ins to their job, otherData, compare's
# --trace (a process per side) and --json.  Prints a closing count.
set -u
bin=$1
tcheck=$2
name=timeline
. tests/lib.sh
valid() { "$tcheck" "$1" 2> "$tmp/check.err" && ok || bad "$1 is not a valid trace: $(head -n 3 "$tmp/check.err")"; }

# ---- counters when they change: the README's 20us scenario shows its eviction
expect 0 "$bin" run scenarios/vmap-weak-use-after-reclaim.json --trace "$tmp/v.json" -q
valid "$tmp/v.json"
has "$tmp/v.json" '{"ph":"C","name":"memory (pages)","pid":1,"tid":0,"ts":10.000,"args":{"free":256,"objects":0,"other":0,"swap used":16}}'
has "$tmp/v.json" '{"ph":"C","name":"vmstat","pid":1,"tid":0,"ts":10.000,"args":{"pswpin":0,"pswpout":16}}'
# ... whatever --every says
expect 0 "$bin" run scenarios/vmap-weak-use-after-reclaim.json --trace "$tmp/v2.json" --every 1s -q
cmp -s "$tmp/v.json" "$tmp/v2.json" && ok || bad "--every changed the trace's counters"
# object slices carry the counts and madv that held during them
has "$tmp/v.json" '"name":"vmapped","pid":1,"tid":100000,"ts":0.000,"dur":10.000,"args":{"pages_use_count":1,"pages_pin_count":0,"vmap_use_count":1,"madv":"willneed"}'
# otherData says what made the file
has "$tmp/v.json" '"otherData":{"generator":"gemsim","version":"[0-9.]*","scenario":"vmap-weak-use-after-reclaim","file":"scenarios/vmap-weak-use-after-reclaim.json","seed":1,"kernel":"v19"}'

# a second pin is a new slice, though the object stays "pinned"
cat > "$tmp/pin.json" <<'EOS'
{ "version": 1, "memory": { "ram_pages": 64 },
  "objects": [ { "name": "bo0", "pages": 4 } ],
  "events": [ { "at": 0, "op": "pin", "bo": "bo0" }, { "at": 5, "op": "pin", "bo": "bo0" },
              { "at": 9, "op": "madvise", "bo": "bo0", "advice": "dontneed" },
              { "at": 12, "op": "unpin", "bo": "bo0" } ] }
EOS
expect 0 "$bin" run "$tmp/pin.json" --trace "$tmp/pin.trace" -q
valid "$tmp/pin.trace"
has "$tmp/pin.trace" '"name":"pinned","pid":1,"tid":100000,"ts":0.000,"dur":5.000,"args":{"pages_use_count":1,"pages_pin_count":1,'
has "$tmp/pin.trace" '"name":"pinned","pid":1,"tid":100000,"ts":5.000,"dur":4.000,"args":{"pages_use_count":1,"pages_pin_count":2,'
has "$tmp/pin.trace" '"name":"pinned","pid":1,"tid":100000,"ts":9.000,"dur":3.000,"args":{.*"madv":"dontneed"}'

# ---- flows: a CPU fault to the reclaim it ran -------------------------------
cat > "$tmp/fault.json" <<'EOS'
{ "version": 1, "memory": { "ram_pages": 16 },
  "objects": [ { "name": "a", "pages": 12 }, { "name": "b", "pages": 8 } ],
  "events": [ { "at": 0, "op": "mmap", "bo": "b", "map": "m" },
              { "at": 1, "op": "get_pages", "bo": "a" },
              { "at": 2, "op": "cpu_access", "map": "m", "page": 0 } ] }
EOS
expect 0 "$bin" run "$tmp/fault.json" --trace "$tmp/fault.trace" -q
valid "$tmp/fault.trace"
has "$tmp/fault.trace" '{"ph":"s","name":"fault ran reclaim","pid":1,"tid":100001,"ts":2\.000,"cat":"gemsim","id":1}'
has "$tmp/fault.trace" '{"ph":"f","name":"fault ran reclaim","pid":1,"tid":1,"ts":[0-9.]*,"cat":"gemsim","id":1,"bp":"e"}'
# ... and swap-ins to the job that waited for them
expect 0 "$bin" run scenarios/game-evict-vs-purge.json --trace "$tmp/game.trace" -q
valid "$tmp/game.trace"
s=$(grep -o '"ph":"s","name":"swap-in for job","pid":1,"tid":1[0-9]*' "$tmp/game.trace" | wc -l)
f=$(grep -o '"ph":"f","name":"swap-in for job","pid":1,"tid":1[0-9][0-9],' "$tmp/game.trace" | wc -l)
[ "$s" -gt 0 ] && [ "$s" -eq "$f" ] && ok || bad "swap-in flows: $s starts, $f ends on queue tracks"
has "$tmp/game.trace" '"name":"job","pid":1,"tid":100,"ts":[0-9.]*,"dur":[0-9.]*,"args":{"job":[0-9]*,"swapins":[1-9]'

# ---- compare: --trace (a process per side) and --json ------------------------
expect 1 "$bin" compare scenarios/game-evict-vs-purge.json --vs --set policy.evict=false \
	--trace "$tmp/cmp.trace" --json
valid "$tmp/cmp.trace"
has "$tmp/cmp.trace" '"processes":\["A: (as written)","B: policy.evict=false"\]'
has "$tmp/cmp.trace" '{"ph":"M","name":"process_name","pid":1,"tid":0,"ts":0.000,"args":{"name":"A: (as written)"}}'
has "$tmp/cmp.trace" '{"ph":"M","name":"process_name","pid":2,"tid":0,"ts":0.000,"args":{"name":"B: policy.evict=false"}}'
has "$tmp/cmp.trace" '"ph":"X","name":"job","pid":2,'
has "$tmp/out" '"side": "B",'
has "$tmp/out" '"policy.evict=false"'
has "$tmp/out" '"result": "failed",'
has "$tmp/out" '"pages_evicted": 0,'
has "$tmp/out" '"job_stall": {'
cp scenarios/game-evict-vs-purge.json "$tmp/s.json"
expect 2 "$bin" compare "$tmp/s.json" --vs --trace "$tmp/s.json"
has "$tmp/err" "would overwrite the input"
cmp -s "$tmp/s.json" scenarios/game-evict-vs-purge.json && ok || bad "compare --trace overwrote its scenario"
# the same comparison, the same bytes
expect 1 "$bin" compare scenarios/game-evict-vs-purge.json --vs --set policy.evict=false \
	--trace "$tmp/cmp2.trace" --json
cmp -s "$tmp/cmp.trace" "$tmp/cmp2.trace" && ok || bad "compare --trace differs between runs"

# ---- fdinfo and vmstat: --dump-at and the time series ------------------------
cat > "$tmp/fd.json" <<'EOS'
{ "version": 1, "memory": { "ram_pages": 1024 },
  "objects": [ { "name": "a", "pages": 256 }, { "name": "b", "pages": 6 },
               { "name": "c", "size": "1536KiB" } ],
  "events": [ { "at": 0, "op": "get_pages", "bo": "a" }, { "at": 0, "op": "get_pages", "bo": "b" },
              { "at": 0, "op": "madvise", "bo": "b", "advice": "dontneed" },
              { "at": 0, "op": "export", "bo": "c", "buf": "buf" },
              { "at": 5, "op": "evict", "bo": "a" } ] }
EOS
expect 0 "$bin" run "$tmp/fd.json" --dump-at 1us
has "$tmp/out" "$(printf '^    drm-total-memory:\t2584 KiB$')"
has "$tmp/out" "$(printf '^    drm-shared-memory:\t1536 KiB$')"
has "$tmp/out" "$(printf '^    drm-active-memory:\t0$')"
has "$tmp/out" "$(printf '^    drm-resident-memory:\t1048 KiB$')"
has "$tmp/out" "$(printf '^    drm-purgeable-memory:\t24 KiB$')"
has "$tmp/out" '^    pswpin 0$'
expect 0 "$bin" run "$tmp/fd.json" --dump-at 6us --json
has "$tmp/out" '"drm-resident-memory":"24 KiB"'
has "$tmp/out" '"vmstat":{"pswpin":0,"pswpout":256}'
expect 0 "$bin" run "$tmp/fd.json" --timeseries "$tmp/fd.csv" --every 5us
has "$tmp/fd.csv" '^time_ns,.*,oom,drm_total_memory,drm_shared_memory,drm_active_memory,drm_resident_memory,drm_purgeable_memory,pswpin,pswpout$'
has "$tmp/fd.csv" '^0,.*,2646016,1572864,0,1073152,24576,0,0$'
has "$tmp/fd.csv" '^5000,.*,2646016,1572864,0,24576,24576,0,256$'

finish
