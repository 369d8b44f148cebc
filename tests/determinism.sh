#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/determinism.sh GEMSIM TRACE_CHECK - the same input gives the same
# bytes, and the bytes do not depend on the host.
#
# 1. Every scenario in scenarios/ runs twice; the --json summaries, the
#    --timeseries CSVs and the --trace JSONs must be equal byte for byte,
#    and every trace must pass TRACE_CHECK (the trace-event format).
# 2. A small `gemsim sweep` with -j1 and -j2 writes the same CSV.
# 3. Host independence: a few scenarios are run again under other locales
#    (LC_ALL, LANG, LC_NUMERIC with a decimal comma when one is installed),
#    time zones, an empty and a 200 KiB environment (which move the stack),
#    with and without ASLR (setarch -R, when setarch works here), from
#    another working directory, and with MALLOC_PERTURB_ (which changes
#    what uninitialised heap memory holds); all outputs must equal the
#    first run's.  No output may contain something that looks like a host
#    address (0x55..., 0x7f... with 12 hex digits) or a wall-clock date.
# 4. TRACE_CHECK must reject broken traces (so this test can fail).
#
# Prints one line per failure and a closing count; exits 1 on any failure.
set -u
bin=$1
check=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gemsim-det.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
case $check in /*) ;; *) check=$PWD/$check ;; esac

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "determinism FAILED: $*"
}

# run DIR FILE [env...]: all three outputs of FILE into DIR (made fresh),
# the command prefixed by $wrap.
wrap=""
run() {
	r_dir=$1
	r_file=$2
	shift 2
	rm -rf "$r_dir"
	mkdir -p "$r_dir"
	env "$@" $wrap "$bin" run "$r_file" --json --timeseries "$r_dir/ts.csv" \
		--trace "$r_dir/trace.json" --every 100us > "$r_dir/summary.json" 2> "$r_dir/stderr"
	echo $? > "$r_dir/code"
}

# same A B WHAT: the two runs' outputs are equal.
same() {
	for s_out in code summary.json ts.csv trace.json stderr; do
		if ! cmp -s "$1/$s_out" "$2/$s_out"; then
			bad "$3: $s_out differs"
			diff "$1/$s_out" "$2/$s_out" 2>/dev/null | head -n 4 | sed 's/^/    /'
			return
		fi
	done
	ok
}

# 1. twice each, and a valid trace
for f in scenarios/*.json scenarios/*/*.json; do
	[ -e "$f" ] || continue
	run "$tmp/a" "$f"
	run "$tmp/b" "$f"
	same "$tmp/a" "$tmp/b" "$f run twice"
	if [ ! -s "$tmp/a/trace.json" ]; then
		bad "$f: no trace written"
	elif "$check" "$tmp/a/trace.json" 2> "$tmp/check.err"; then
		ok
	else
		bad "$f: trace does not validate"
		sed 's/^/    /' "$tmp/check.err" | head -n 5
	fi
done

# 2. sweep: -j1 and -j2 give the same CSV
sweep_file=scenarios/policy-lru.json
for j in 1 2; do
	"$bin" sweep "$sweep_file" --vary policy.reclaim=lru,fifo,clock,size --seeds 1..3 -j $j -q \
		--csv "$tmp/sweep-j$j.csv" > /dev/null 2>&1
	echo $? > "$tmp/sweep-j$j.code"
done
if ! cmp -s "$tmp/sweep-j1.code" "$tmp/sweep-j2.code" || \
   ! cmp -s "$tmp/sweep-j1.csv" "$tmp/sweep-j2.csv"; then
	bad "sweep -j1 and -j2 differ"
	diff "$tmp/sweep-j1.csv" "$tmp/sweep-j2.csv" | head -n 4 | sed 's/^/    /'
elif [ "$(wc -l < "$tmp/sweep-j1.csv")" -ne 13 ]; then
	bad "sweep wrote $(wc -l < "$tmp/sweep-j1.csv") lines, wanted a header and 12 rows"
else
	ok
fi

# 3. host independence
big=$(head -c 50000 /dev/zero | tr '\0' x) # one string may not pass 128 KiB
comma_locale=$(locale -a 2>/dev/null | grep -i -E '^(de_DE|fr_FR|ru_RU)\.utf-?8$' | head -n 1)
host_files="scenarios/vmap-weak-use-after-reclaim.json scenarios/busy-wait.json"
for extra in scenarios/policy-clock.json scenarios/background-reclaim-watermarks.json; do
	[ -e "$extra" ] && host_files="$host_files $extra"
done
for f in $host_files; do
	[ -e "$f" ] || continue
	run "$tmp/base" "$f" LC_ALL=C TZ=UTC
	run "$tmp/x" "$f" LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=Pacific/Chatham
	same "$tmp/base" "$tmp/x" "$f under C.UTF-8, TZ=Pacific/Chatham"
	if [ -n "$comma_locale" ]; then
		run "$tmp/x" "$f" LC_ALL="$comma_locale" TZ=Asia/Kolkata
		same "$tmp/base" "$tmp/x" "$f under LC_ALL=$comma_locale"
	fi
	run "$tmp/x" "$f" LC_NUMERIC=de_DE.UTF-8 LANG=tr_TR.UTF-8 TZ=America/St_Johns
	same "$tmp/base" "$tmp/x" "$f under LANG=tr_TR.UTF-8"
	run "$tmp/x" "$f" -i PATH=/usr/bin:/bin
	same "$tmp/base" "$tmp/x" "$f with an empty environment"
	run "$tmp/x" "$f" PAD1="$big" PAD2="$big" PAD3="$big" PAD4="$big" MALLOC_PERTURB_=165
	same "$tmp/base" "$tmp/x" "$f with a 200 KiB environment and MALLOC_PERTURB_"
	if setarch "$(uname -m)" -R true 2>/dev/null; then
		wrap="setarch $(uname -m) -R"
		run "$tmp/x" "$f" LC_ALL=C TZ=UTC
		wrap=""
		same "$tmp/base" "$tmp/x" "$f without ASLR (setarch -R)"
	fi
	# another working directory, the same relative path to the file
	mkdir -p "$tmp/cwd"
	ln -sfn "$PWD/scenarios" "$tmp/cwd/scenarios"
	(cd "$tmp/cwd" && run "$tmp/x" "$f" LC_ALL=C TZ=UTC)
	same "$tmp/base" "$tmp/x" "$f from another working directory"
	for out in summary.json ts.csv trace.json stderr; do
		if grep -E -q '0x(55|56|7f|7e)[0-9a-f]{10}' "$tmp/base/$out"; then
			bad "$f: $out holds something like a host address"
			grep -E -o '0x(55|56|7f|7e)[0-9a-f]{10}' "$tmp/base/$out" | head -n 2
		elif grep -E -q '(19|20)[0-9][0-9]-[01][0-9]-[0-3][0-9]|[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' \
			"$tmp/base/$out"; then
			bad "$f: $out holds something like a wall-clock date or time"
		else
			ok
		fi
	done
done

# 4. the checker rejects what is not a valid trace
reject() {
	printf '%s' "$2" > "$tmp/bad.json"
	if "$check" "$tmp/bad.json" 2>/dev/null; then
		bad "trace checker accepted $1"
	else
		ok
	fi
}
reject "an X without dur" '{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0}]}'
reject "a string ts" '{"traceEvents":[{"ph":"i","name":"a","pid":1,"tid":1,"ts":"0","s":"t"}]}'
reject "an instant without s" '{"traceEvents":[{"ph":"i","name":"a","pid":1,"tid":1,"ts":0}]}'
reject "an unknown phase" '{"traceEvents":[{"ph":"Q","name":"a","pid":1,"tid":1,"ts":0}]}'
reject "a counter with a string" \
	'{"traceEvents":[{"ph":"C","name":"m","pid":1,"tid":0,"ts":0,"args":{"free":"1"}}]}'
reject "a thread_name without args.name" \
	'{"traceEvents":[{"ph":"M","name":"thread_name","pid":1,"tid":1,"ts":0,"args":{}}]}'
reject "a fractional tid" '{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1.5,"ts":0,"dur":1}]}'
reject "an unclosed B" '{"traceEvents":[{"ph":"B","name":"a","pid":1,"tid":1,"ts":0}]}'
reject "a flow end no start began" \
	'{"traceEvents":[{"ph":"f","name":"a","cat":"c","id":1,"bp":"e","pid":1,"tid":1,"ts":0}]}'
reject "a flow end before its start" '{"traceEvents":[{"ph":"s","name":"a","cat":"c","id":1,"pid":1,"tid":1,"ts":5},{"ph":"f","name":"a","cat":"c","id":1,"bp":"e","pid":1,"tid":2,"ts":1}]}'
reject "a flow without an id" '{"traceEvents":[{"ph":"s","name":"a","cat":"c","pid":1,"tid":1,"ts":0}]}'
reject "a gemsim trace whose otherData has no seed" \
	'{"otherData":{"generator":"gemsim","version":"1","scenario":"s","kernel":"v19"},"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1}]}'
reject "truncated JSON" '{"traceEvents":[{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":1}'

echo "determinism: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
