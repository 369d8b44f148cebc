#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/outputs.sh GEMSIM TRACE-CHECK [GEMSIM-VIEW] - what gemsim writes,
# under hostile conditions (issue 16): text from outside never reaches a
# terminal, an SVG or a JSON file raw; an output never overwrites an input
# or another output; a failed, interrupted (SIGINT, SIGTERM) or full-disk
# run leaves the old file whole and no temporary behind; sizes and times
# are capped by the input.  A few seconds in all.  Prints a closing count.
set -u
bin=$1
tcheck=$2
view=${3:-}
name=outputs
. tests/lib.sh
# no C0 control byte but newline and tab, no DEL
clean() { LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" && bad "$1 has control bytes" || ok; }
utf8() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && ok || bad "$1 is not UTF-8"; }

sc=scenarios/loop-larger-than-ram.json

# ---- item 9: text from outside is escaped --------------------------------
esc=$(printf 'x\033[31mRED\033]0;t\007')
expect 0 "$bin" run "$sc" --set "name=$esc" --set "description=$esc"
clean "$tmp/out"
has "$tmp/out" '^scenario x\\x1b\[31mRED'
expect 0 "$bin" run "$sc" --set "name=$(printf 'a\377b')" --json
utf8 "$tmp/out"
has "$tmp/out" '"name": "a\\ufffdb"'
long=$(printf '%070d' 0)
expect 0 "$bin" run "$sc" --set "name=n$long"
has "$tmp/out" "^scenario n000000000000000000000000000000000000000000000000000000000000000\.\.\.: "
expect 0 "$bin" sweep "$sc" --vary "name=$(printf 'a\001<b>'),$(printf 'c\377d')" -q \
	--csv "$tmp/x.csv" --chart "$tmp/x.svg"
clean "$tmp/x.svg"
utf8 "$tmp/x.svg"
has "$tmp/x.svg" 'a.&lt;b&gt;<'
# issue 22 item 10: the sweep CSV too is one line a run of valid UTF-8
utf8 "$tmp/x.csv"
clean "$tmp/x.csv"
lines "$tmp/x.csv" 3

# issue 22 item 10: a --set error escapes the override, key and value alike
# (the override was echoed raw before its escaped part)
for set in "$(printf 'a\033[31mb=1')" "$(printf 'memory.ram_pages=\033[31m')" \
	"$(printf 'memory..x\033=1')" "$(printf 'memory.ram_pages.\033x=1')" \
	"$(printf 'events.\033=1')" "$(printf 'events.\033+=1')"; do
	expect 2 "$bin" run "$sc" --set "$set"
	clean "$tmp/err"
done

# issue 22 item 3: --dump-at escapes the names a trace makes
mkdir "$tmp/esc"
printf 'a\033[31mb\n\177x\n\377y\n' > "$tmp/esc/t.ids"
cat > "$tmp/esc/s.json" <<'EOS'
{ "version": 1, "memory": { "ram_pages": 16 },
  "workloads": [ { "type": "trace", "file": "t.ids", "format": "ids" } ] }
EOS
expect 0 "$bin" run "$tmp/esc/s.json" --dump-at 1s
clean "$tmp/out"
has "$tmp/out" '^  a\\x1b\[31mb  '
has "$tmp/out" '^  \\xffy  '

# ---- items 2, 3: outputs never overwrite inputs or each other -------------
cp "$sc" "$tmp/s.json"
same() { cmp -s "$1" "$2" && ok || bad "$1 changed"; }
expect 2 "$bin" run "$tmp/s.json" --timeseries "$tmp/s.json"
has "$tmp/err" "s.json: --timeseries would overwrite the input"
same "$tmp/s.json" "$sc"
expect 2 "$bin" run "$tmp/s.json" --trace "$tmp/./s.json"
same "$tmp/s.json" "$sc"
ln -s s.json "$tmp/link.json"
expect 2 "$bin" run "$tmp/s.json" --trace "$tmp/link.json"
same "$tmp/s.json" "$sc"
expect 2 "$bin" sweep "$tmp/s.json" -q --csv "$tmp/s.json"
has "$tmp/err" "--csv would overwrite the input"
expect 2 "$bin" sweep "$tmp/s.json" -q --chart "$tmp/s.json"
same "$tmp/s.json" "$sc"
# two outputs to one file, existing or not, by any spelling
expect 2 "$bin" run "$sc" --timeseries "$tmp/o.csv" --trace "$tmp/../${tmp##*/}/o.csv"
has "$tmp/err" "--timeseries and --trace name the same file"
[ ! -e "$tmp/o.csv" ] && ok || bad "refused run wrote o.csv"
expect 2 "$bin" sweep "$sc" -q --csv "$tmp/o.csv" --chart "$tmp/o.csv"
echo old > "$tmp/o.csv"
ln -s o.csv "$tmp/o-link.csv"
expect 2 "$bin" run "$sc" --timeseries "$tmp/o.csv" --trace "$tmp/o-link.csv"
[ "$(cat "$tmp/o.csv")" = old ] && ok || bad "refused run changed o.csv"
# a trace file the scenario replays is an input too
mkdir "$tmp/tr"
printf '0,create,bo9,4\n10,get_pages,bo9\n' > "$tmp/tr/t.csv"
cat > "$tmp/tr/s.json" <<'EOS'
{ "version": 1, "memory": { "ram_pages": 64 },
  "workloads": [ { "type": "trace", "file": "t.csv" } ] }
EOS
expect 2 "$bin" run "$tmp/tr/s.json" --timeseries "$tmp/tr/t.csv"
has "$tmp/err" "would overwrite the input"
expect 2 "$bin" sweep "$tmp/tr/s.json" -q --seeds 1..2 --csv "$tmp/tr/t.csv"
has "$tmp/err" "--csv would overwrite the input .*t.csv"
has "$tmp/tr/t.csv" "get_pages"
# the null device takes any number of outputs
expect 0 "$bin" run "$sc" --timeseries /dev/null --trace /dev/null
# a symbolic link is followed: the file it names is replaced, the link stays
expect 0 "$bin" run "$sc" --timeseries "$tmp/o-link.csv"
[ -L "$tmp/o-link.csv" ] && ok || bad "o-link.csv is no longer a link"
has "$tmp/o.csv" "^time_ns,"
# issue 22 item 4: a dangling link stays a link and the file it names is
# made (it was replaced by a regular file), through a chain of relative links
mkdir "$tmp/dl" "$tmp/dl/sub"
ln -s made.csv "$tmp/dl/ts.csv"
expect 0 "$bin" run "$sc" --timeseries "$tmp/dl/ts.csv" --quiet
[ -L "$tmp/dl/ts.csv" ] && ok || bad "a dangling --timeseries link was replaced"
has "$tmp/dl/made.csv" "^time_ns,"
ln -s sub/hop.csv "$tmp/dl/sw.csv"
ln -s ../made-sweep.csv "$tmp/dl/sub/hop.csv"
expect 0 "$bin" sweep "$sc" -q --seeds 1..2 --csv "$tmp/dl/sw.csv"
[ -L "$tmp/dl/sw.csv" ] && [ -L "$tmp/dl/sub/hop.csv" ] && ok || bad "sweep replaced a link"
has "$tmp/dl/made-sweep.csv" "^run,seed,"
ln -s made-mrc.csv "$tmp/dl/m.csv"
expect 0 "$bin" mrc scenarios/game-evict-vs-purge.json --sizes 50,100 --policies lru -q \
	--csv "$tmp/dl/m.csv"
[ -L "$tmp/dl/m.csv" ] && ok || bad "mrc replaced a dangling link"
has "$tmp/dl/made-mrc.csv" "^policy,"
# a link to itself is no file to make
ln -s loop.csv "$tmp/dl/loop.csv"
expect 2 "$bin" run "$sc" --timeseries "$tmp/dl/loop.csv"
has "$tmp/err" "loop.csv: cannot write: Too many levels of symbolic links"
# issue 22 item 7: a FIFO is no output: it blocked forever in open()
mkfifo "$tmp/dl/fifo"
expect 2 timeout 10 "$bin" run "$sc" --timeseries "$tmp/dl/fifo"
has "$tmp/err" "fifo: cannot write: a FIFO, not a file"
expect 2 timeout 10 "$bin" sweep "$sc" -q --csv "$tmp/dl/fifo"
# ... but /dev/stdout into a pipe is written in place
"$bin" run "$sc" --timeseries /dev/stdout --quiet | head -n 1 > "$tmp/dl/head"
has "$tmp/dl/head" "^time_ns,"
# no temporary left by any of the above
left=$(ls -A "$tmp" "$tmp/tr" "$tmp/dl" "$tmp/dl/sub" | grep -c '^\.' || true)
[ "$left" -eq 0 ] && ok || bad "temporaries left: $(ls -A "$tmp")"

# ---- item 3: a run that stops keeps the old files --------------------------
printf '0,create,bo9,4\n10,frobnicate,bo9\n' > "$tmp/tr/t.csv"
echo old > "$tmp/keep.csv"
expect 2 "$bin" run "$tmp/tr/s.json" --timeseries "$tmp/keep.csv" --json
[ "$(cat "$tmp/keep.csv")" = old ] && ok || bad "a stopped run replaced keep.csv"
has "$tmp/err" "keep.csv left as it was"
# item 10: --json says why it stopped
has "$tmp/out" '"error": ".*t.csv:2: unknown trace op \\"frobnicate\\""'

# ---- item 3: two concurrent writers each leave a whole file ---------------
# (different intervals: files of different lengths, which in-place writers mix)
for e in 1 2 3 5; do
	"$bin" run "$sc" --timeseries "$tmp/ref$e.csv" --every ${e}ms >/dev/null
done
for e in 1 2 3 5; do
	"$bin" run "$sc" --timeseries "$tmp/both.csv" --every ${e}ms >/dev/null &
done
wait
whole=0
for e in 1 2 3 5; do cmp -s "$tmp/ref$e.csv" "$tmp/both.csv" && whole=1; done
[ $whole -eq 1 ] && ok || bad "concurrent writers left a mixed both.csv"

# ---- items 3, 5: SIGINT / SIGTERM mid-run leave the old file intact ------
cat > "$tmp/long.json" <<'EOS'
{ "version": 1, "description": "runs for minutes: for the signal tests",
  "memory": { "ram_pages": 64 },
  "objects": [ { "name": "bo0", "pages": 16 } ],
  "workloads": [ { "type": "cpu_access", "objects": ["bo0"], "pattern": "uniform",
                   "interval": "1us", "count": 1000000000 } ] }
EOS
# interrupt SIG CMD...: start CMD (signals at their defaults: a background
# job of a script ignores SIGINT) in a process group of its own (setsid: it
# is not a group leader, so it execs, and $pid is the group), send SIG
# mid-run; the exit code in $code.  The shell's "Terminated" notice for the
# job is what the test asked for, not a failure: kept off the terminal.
interrupt() {
	sig=$1
	shift
	env --default-signal=INT,TERM,QUIT setsid "$@" >/dev/null 2>&1 &
	pid=$!
	# mid-run: once the temporary is there
	n=0
	while [ $n -lt 100 ] && ! ls -A "$tmp" | grep -q '^\.keep'; do
		sleep 0.05
		n=$((n + 1))
	done
	{ kill -"$sig" $pid; wait $pid; } 2>/dev/null
	code=$?
}
if env --default-signal=INT true 2>/dev/null; then
	# issue 22 item 9: QUIT, XCPU, ALRM and USR1 left their temporaries
	for sig in INT TERM QUIT XCPU ALRM USR1; do
		echo old > "$tmp/keep.csv"
		echo old > "$tmp/keep.json"
		interrupt $sig "$bin" run "$tmp/long.json" --timeseries "$tmp/keep.csv" \
			--trace "$tmp/keep.json" --every 1s
		[ "$code" -gt 128 ] && ok || bad "SIG$sig: run exited $code, not by the signal"
		[ "$(cat "$tmp/keep.csv")$(cat "$tmp/keep.json")" = oldold ] && ok ||
			bad "SIG$sig mid-run changed keep.csv or keep.json"
		left=$(ls -A "$tmp" | grep -c '^\.keep' || true)
		[ "$left" -eq 0 ] && ok || bad "SIG$sig left a temporary: $(ls -A "$tmp")"
	done
	# SIGTERM to a sweep takes its children with it; the old CSV stays
	echo old > "$tmp/keep.csv"
	interrupt TERM "$bin" sweep "$tmp/long.json" --seeds 1..4 -j2 -q --csv "$tmp/keep.csv"
	sleep 0.3
	[ "$(cat "$tmp/keep.csv")" = old ] && ok || bad "SIGTERM to sweep changed keep.csv"
	# only the sweep's own process group is looked at, never the machine
	if kill -0 -- -"$pid" 2>/dev/null; then
		bad "sweep children outlived SIGTERM to the parent"
		kill -KILL -- -"$pid"
	else
		ok
	fi
fi

# ---- items 5: sweep checks its outputs first, stops at a bad run --------
expect 2 "$bin" sweep "$tmp/long.json" -q --csv "$tmp/no/such/dir.csv"
has "$tmp/err" "no/such/dir.csv: cannot write: No such file or directory"
# the first run cannot load: the others (minutes each) never start
expect 2 timeout 10 "$bin" sweep "$tmp/long.json" -q -j1 --vary memory.ram_pages=0,64,64
has "$tmp/err" "run 0: .*\"ram_pages\" must be at least 1"
# a --vary value of any length runs as written (past 600 bytes it was cut)
pad=a$(printf '%0700d' 0)
expect 0 "$bin" sweep "$sc" -q --vary "description=$pad,x" --vary "memory.ram_pages=$(printf '%700s' '')48"
expect 2 "$bin" sweep "$sc" -q --vary policy.reclaim=lru --vary policy.reclaim=fifo
has "$tmp/err" "names a key twice"

# ---- item 7: a full standard output or output file is exit 2 --------------
if [ -w /dev/full ]; then
	for cmd in "run $sc" "run $sc --json" "list ops" "sweep $sc -q" \
		"sweep $sc --seeds 1..3 --jobs-list" \
		"compare scenarios/game-evict-vs-purge.json --vs --set policy.purge_first=false"; do
		# shellcheck disable=SC2086
		"$bin" $cmd >/dev/full 2>"$tmp/err"
		got=$?
		[ $got -eq 2 ] && ok || bad "$cmd >/dev/full exited $got"
		has "$tmp/err" "standard output: write error: No space left on device"
	done
	expect 2 "$bin" run "$sc" --timeseries /dev/full
	has "$tmp/err" "/dev/full: cannot write: No space left on device"
	[ -c /dev/full ] && ok || bad "/dev/full is gone"
fi

# ---- item 4: sizes are capped: an event at 2^62 ns ------------------------
cat > "$tmp/far.json" <<'EOS'
{ "version": 1, "memory": { "ram_pages": 64 },
  "objects": [ { "name": "bo0", "pages": 4 } ],
  "events": [ { "at": "4611686018427387904ns", "op": "get_pages", "bo": "bo0" } ] }
EOS
expect 0 timeout 60 "$bin" run "$tmp/far.json" --timeseries "$tmp/far.csv" --quiet
lines "$tmp/far.csv" 1000001
has "$tmp/err" "far.csv: --timeseries stopped at 1000000 rows (at t=1000s)"
rm -f "$tmp/far.csv"
# the trace's counters are written when they change: a far event is a
# small trace, whole
expect 0 timeout 60 "$bin" run "$tmp/far.json" --trace "$tmp/far.trace" --quiet
hasnt "$tmp/err" "stopped"
"$tcheck" "$tmp/far.trace" >/dev/null 2>&1 && ok || bad "the far trace is not a valid trace"
# a change every microsecond for a second is capped
cat > "$tmp/busy.json" <<'EOS'
{ "version": 1, "memory": { "ram_pages": 4096 },
  "workloads": [ { "type": "pressure", "shape": "sawtooth", "low": 0, "high": 1000,
                   "period": "1ms", "interval": "1us", "end": "1s" } ] }
EOS
expect 0 timeout 60 "$bin" run "$tmp/busy.json" --trace "$tmp/far.trace" --quiet
has "$tmp/err" "far.trace: --trace stopped at 1000000 events (at t=333333us)"
"$tcheck" "$tmp/far.trace" >/dev/null 2>&1 && ok || bad "a capped trace is not a valid trace"
rm -f "$tmp/far.trace"

# issue 22 item 9: past `ulimit -f` (SIGXFSZ) is a full disk: exit 2 with the
# reason, the old files kept, no temporary (the run died of the signal)
echo old > "$tmp/keep.csv"
(ulimit -f 64 && exec "$bin" run "$tmp/far.json" --timeseries "$tmp/keep.csv" --quiet) \
	>"$tmp/out" 2>"$tmp/err"
got=$?
[ $got -eq 2 ] && ok || bad "a run past ulimit -f exited $got, wanted 2"
has "$tmp/err" "keep.csv: cannot write: File too large"
[ "$(cat "$tmp/keep.csv")" = old ] && ok || bad "a run past ulimit -f changed keep.csv"
left=$(ls -A "$tmp" | grep -c '^\.keep' || true)
[ "$left" -eq 0 ] && ok || bad "a run past ulimit -f left a temporary: $(ls -A "$tmp")"

# ---- issue 22 item 1: a run that would pass 2^62 ns stops, files kept ------
# (the clock wrapped past 2^64 and the temporaries of the abort stayed)
echo old > "$tmp/keep.csv"
echo old > "$tmp/keep.json"
expect 2 timeout 60 "$bin" run tests/bad/time-past-gpu-jobs.json --timeseries "$tmp/keep.csv" \
	--trace "$tmp/keep.json" --quiet
has "$tmp/err" "job job#1 of 4611686018427387904 ns, .* past the limit of simulated time"
[ "$(cat "$tmp/keep.csv")$(cat "$tmp/keep.json")" = oldold ] && ok ||
	bad "a run past the time limit replaced keep.csv or keep.json"
left=$(ls -A "$tmp" | grep -c '^\.keep' || true)
[ "$left" -eq 0 ] && ok || bad "a run past the time limit left a temporary: $(ls -A "$tmp")"
expect 2 "$bin" run tests/bad/time-past-cost-swap-out.json --json
has "$tmp/out" '"error": ".*costs.swap_out.* past the limit of simulated time'

# ---- item 8: memory and time bounded by the input --------------------------
# a 512 GiB object whose get_pages fails, 50 times: was about a second each
{
	printf '{ "version": 1, "memory": { "ram_pages": 64 },\n'
	printf '  "objects": [ { "name": "bo0", "size": "512GiB" } ],\n  "events": [\n'
	i=0
	while [ $i -lt 49 ]; do
		printf '    { "at": %d, "op": "get_pages", "bo": "bo0", "ret": "ENOMEM" },\n' $i
		i=$((i + 1))
	done
	printf '    { "at": 49, "op": "get_pages", "bo": "bo0", "ret": "ENOMEM" } ] }\n'
} > "$tmp/huge.json"
expect 0 timeout 10 "$bin" run "$tmp/huge.json" --quiet
# 5 Mi values of "0,": refused at the 4 Mi + 1st, not parsed into gigabytes
{
	printf '{ "version": 1, "memory": { "ram_pages": 1 }, "x-pad": ['
	head -c 5242880 /dev/zero | tr '\0' '0' | sed 's/0/0,/g'
	printf '0] }\n'
} > "$tmp/zeros.json"
expect 2 timeout 10 "$bin" run "$tmp/zeros.json"
has "$tmp/err" "zeros.json:1:[0-9]*: more than 4194304 values"

# ---- item 10: seeds are decimal, up to 2^53; a FIFO is no trace ----------
expect 0 "$bin" run "$sc" --seed 010 --json
has "$tmp/out" '"seed": 10,'
expect 2 "$bin" run "$sc" --seed 0x10
has "$tmp/err" "--seed needs a whole number from 0 to 2^53"
expect 2 "$bin" run "$sc" --seed 9007199254740993
expect 0 "$bin" run "$sc" --seed 9007199254740992 --quiet
expect 2 "$bin" compare "$sc" --seed 1e3 --vs
expect 2 "$bin" sweep "$sc" --seeds ..5 --jobs-list
expect 2 "$bin" sweep "$sc" --seeds 1,,2 --jobs-list
expect 2 "$bin" sweep "$sc" --seeds 0x1..3 --jobs-list
# issue 22 item 10: too many seeds names the limit, not the syntax
expect 2 "$bin" sweep "$sc" --seeds 1..1000000 --jobs-list
has "$tmp/err" "--seeds names more than 100000 runs (the limit): 1..1000000"
expect 2 "$bin" mrc "$sc" --seeds 5..100005
has "$tmp/err" "--seeds names more than 100000 runs"
rm -f "$tmp/tr/t.csv"
mkfifo "$tmp/tr/t.csv"
expect 2 timeout 10 "$bin" run "$tmp/tr/s.json"
has "$tmp/err" "t.csv: cannot open trace: not a regular file"

# issue 22 item 10: a file of /proc says it has 0 bytes; it is read to its
# end (it read as "empty file")
expect 2 "$bin" run /proc/self/environ
hasnt "$tmp/err" "empty file"
has "$tmp/err" "^/proc/self/environ:1:1: "
expect 2 "$bin" run /proc/version
has "$tmp/err" "^/proc/version:1:1: invalid literal 'Linux'"

# ---- the viewer: items 1, 2, 6 ---------------------------------------------
if [ -n "$view" ]; then
	vsc=scenarios/talk-pin-survives.json
	cp "$vsc" "$tmp/v.json"
	expect 2 "$view" "$tmp/v.json" --headless --size 320x200 --at 1ms --screenshot "$tmp/v.json"
	has "$tmp/err" "--screenshot would overwrite the input"
	same "$tmp/v.json" "$vsc"
	echo old > "$tmp/keep.png"
	# a PNG write that fails leaves the path alone: a device node here
	if [ "$(id -u)" -eq 0 ] && mknod "$tmp/full" c 1 7 2>/dev/null; then
		"$view" "$vsc" --headless --size 320x200 --at 1ms --screenshot "$tmp/full" \
			>/dev/null 2>&1 && bad "a screenshot to a full device succeeded" || ok
		[ -c "$tmp/full" ] && ok || bad "a failed screenshot removed the device node"
	fi
	expect 0 "$view" "$vsc" --headless --size 320x200 --at 1ms --screenshot "$tmp/keep.png"
	"$view" --probe "$tmp/keep.png" 1,1 >/dev/null && ok || bad "keep.png is no PNG"
	# a run that stops on a bad trace line is exit 2, as with gemsim run
	rm -f "$tmp/tr/t.csv"
	printf '0,create,bo9,4\n10,frobnicate,bo9\n' > "$tmp/tr/t.csv"
	expect 2 "$view" "$tmp/tr/s.json" --headless --size 320x200 --at end \
		--screenshot "$tmp/x.png"
	has "$tmp/err" "t.csv:2: unknown trace op"
	expect 2 "$view" "$vsc" --seed 0x10 --headless --at 1ms --screenshot "$tmp/x.png"
	# issue 22 item 6: numbers are decimal digits and nothing else (sscanf
	# made 4294967616x200 320x200 and 99999999999999999999 pixel -1)
	for size in 4294967616x200 320x200x3 ' 320x200' 320x200abc 0x140x200 +320x200; do
		expect 2 "$view" "$vsc" --headless --size "$size" --at 1ms --screenshot "$tmp/x.png"
		has "$tmp/err" "--size needs WxH"
	done
	expect 2 "$view" "$vsc" --headless --size 320x200 --font-scale 2x --at 1ms \
		--screenshot "$tmp/x.png"
	for at in 99999999999999999999,0 1,1,1 -1,0 ' 1,1' 1,; do
		expect 2 "$view" --probe "$tmp/keep.png" "$at"
		has "$tmp/err" "--probe needs PNG X,Y"
	done
	expect 2 "$view" --probe "$tmp/keep.png" 4000,1
	has "$tmp/err" "keep.png is 320x200: no pixel 4000,1"
	# item 7: a FIFO is neither a picture to probe nor one to write
	mkfifo "$tmp/v.fifo"
	expect 2 timeout 10 "$view" --probe "$tmp/v.fifo" 1,1
	has "$tmp/err" "cannot read .*v.fifo: not a regular file"
	expect 2 timeout 10 "$view" "$vsc" --headless --size 320x200 --at 1ms \
		--screenshot "$tmp/v.fifo"
	has "$tmp/err" "v.fifo: cannot write: a FIFO, not a file"
	# item 8: an output that cannot be written is exit 2 with the path and why
	expect 2 "$view" "$vsc" --headless --size 320x200 --at 1ms --screenshot "$tmp/no/dir/x.png"
	has "$tmp/err" "no/dir/x.png: cannot write: No such file or directory"
	expect 2 "$view" "$vsc" --headless --size 320x200 --at 1ms --screenshot "$tmp"
	has "$tmp/err" "cannot write: Is a directory"
	expect 2 "$view" "$vsc" --headless --size 320x200 --at 0 --to 1ms --speed 1ms --fps 1 \
		--frames "$tmp/keep.png"
	if [ -w /dev/full ]; then
		expect 2 "$view" "$vsc" --headless --size 320x200 --at 1ms --screenshot /dev/full
		has "$tmp/err" "/dev/full: cannot write: No space left on device"
	fi
	# item 4: a dangling link stays a link, the picture is made where it points
	ln -s shot.png "$tmp/dl/shot-link.png"
	expect 0 "$view" "$vsc" --headless --size 320x200 --at 1ms --screenshot "$tmp/dl/shot-link.png"
	[ -L "$tmp/dl/shot-link.png" ] && [ -f "$tmp/dl/shot.png" ] && ok ||
		bad "the viewer replaced a dangling link"
fi

finish
