#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/studies.sh GEMSIM - `gemsim report`, `mrc` and `plot`: every study in studies/ runs
# at a CI size (STUDY_SEEDS seeds, default 3) into a well-formed page with
# its tables and charts; the page is the same bytes for any -j; bad studies
# are refused with file:line:col and exit 2.  Prints a closing count.
set -u
bin=$1
seeds=${STUDY_SEEDS:-3}
name=studies
. tests/lib.sh

expect 0 "$bin" report --help
has "$tmp/out" "^Usage: gemsim report STUDY.json"
expect 0 "$bin" help report
has "$tmp/out" "^Usage: gemsim report STUDY.json"

for s in studies/*.json; do
	n=$(basename "$s" .json)
	expect 0 "$bin" report "$s" --seeds "$seeds" -j2 -q -o "$tmp/$n.html"
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$tmp/$n.html" 2>"$tmp/xml" && ok || bad "$s: page not well-formed: $(head -n 3 "$tmp/xml")"
	fi
	has "$tmp/$n.html" "^<h1>[^<]"
	has "$tmp/$n.html" "(baseline)</td>"
	has "$tmp/$n.html" "seeds 1 to $seeds ($seeds per configuration"
	# one chart per metric, each with its axis title and unit
	nm=$(grep -o '"of":' "$s" | wc -l)
	nsvg=$(grep -c '^<svg ' "$tmp/$n.html")
	[ "$nsvg" -eq "$nm" ] && ok || bad "$s: $nsvg charts for $nm metrics"
	has "$tmp/$n.html" 'rotate(-90)" font-size="16" text-anchor="middle">[^<]* ([^<]*)</text>'
	hasnt "$tmp/$n.html" "nan\|inf"
	# no external asset: nothing fetched from anywhere
	hasnt "$tmp/$n.html" 'src=\|href="http\|<link'
	"$bin" report "$s" --seeds "$seeds" -j1 -q >"$tmp/$n.j1.html" 2>"$tmp/err"
	cmp -s "$tmp/$n.html" "$tmp/$n.j1.html" && ok || bad "$s: -j1 and -j2 pages differ"
done

# the figures: the vmap study shows the weak vmap's use-after-reclaim and
# its absence with the lock held or with pins (a paired, significant drop)
has "$tmp/vmap-pins.html" "<tr><td>weak</td><td>[1-9][0-9.]* ± "
has "$tmp/vmap-pins.html" "<tr><td>weak+resv</td><td>0 ± 0</td>"
has "$tmp/vmap-pins.html" "<tr><td>pins</td><td class=\"sig\">-[0-9.]* ± [0-9.]* (-100%)\*</td>"
# purge first: one mixed pass swaps more back in than purge-first
has "$tmp/purge-first.html" "<tr><td>generic one pass</td><td class=\"sig\">+[0-9]"

# many configurations with long names: the names turn, never overlap;
# hostile text is escaped
cfgs='{"name": "a configuration with a long name <0>", "baseline": true}'
for i in 1 2 3 4 5 6 7 8 9; do cfgs="$cfgs, {\"name\": \"a configuration with a long name <$i>\"}"; done
printf '{"question": "q & <a>", "scenario": "%s", "seeds": 2, "configurations": [%s], "metrics": ["events"]}\n' \
	"$(pwd)/scenarios/policy-lru.json" "$cfgs" >"$tmp/many.json"
expect 0 "$bin" report "$tmp/many.json" -q -o "$tmp/many.html"
has "$tmp/many.html" 'rotate(-30)" font-size="12" text-anchor="end">a configuration with a long name &lt;9&gt;<'
has "$tmp/many.html" "<h1>q &amp; &lt;a&gt;</h1>"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$tmp/many.html" && ok || bad "many.html not well-formed"
fi

# mrc: a curve per policy over % of the working set, CSV and a line chart
g=scenarios/game-evict-vs-purge.json
expect 0 "$bin" mrc --help
has "$tmp/out" "^Usage: gemsim mrc FILE"
expect 0 "$bin" mrc "$g" --sizes 25,50,100 --seeds 1..3 -j2 -q --csv "$tmp/m.csv" --svg "$tmp/m.svg"
has "$tmp/m.csv" "^policy,size_pct,ram_pages,seeds,mean,ci95_low,ci95_high$"
lines "$tmp/m.csv" 13
# the working set is 96 textures of 64 pages and a 1024-page cache: 7168
has "$tmp/m.csv" "^lru,50,3584,3,"
has "$tmp/m.csv" "^size,100,7168,3,"
# less memory, more swap-ins: lru's curve falls
awk -F, '$1 == "lru" { if (NR > 2 && $5 > prev) bad = 1; prev = $5 } END { exit bad }' "$tmp/m.csv" &&
	ok || bad "lru's curve rises: $(grep ^lru "$tmp/m.csv")"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$tmp/m.svg" && ok || bad "m.svg not well-formed"
fi
n=$(grep -c 'stroke-width="3"[^>]*/><text x="8' "$tmp/m.svg")
[ "$n" -eq 4 ] && ok || bad "m.svg has $n legend entries, wanted 4"
has "$tmp/m.svg" ">RAM (% of the working set)<"
"$bin" mrc "$g" --sizes 25,50,100 --seeds 1..3 -j1 -q >"$tmp/m1.csv"
cmp -s "$tmp/m.csv" "$tmp/m1.csv" && ok || bad "mrc: -j1 and -j2 CSVs differ"
# the invariants do not change the curve: --no-check only skips the checks
"$bin" mrc "$g" --sizes 25,50,100 --seeds 1..3 -j2 -q --no-check >"$tmp/m2.csv"
cmp -s "$tmp/m.csv" "$tmp/m2.csv" && ok || bad "mrc: --no-check changed the CSV"
expect 0 "$bin" mrc "$g" --policies lru --sizes 50 --seeds 1 --metric pages_swapped_in --per jobs_completed
has "$tmp/out" "^lru,50,3584,1,[0-9.]*,"
mkdir "$tmp/mo"
expect 2 "$bin" mrc "$g" --policies lru,bogus --csv "$tmp/mo/m.csv" --svg "$tmp/mo/m.svg"
has "$tmp/err" 'unknown reclaim policy "bogus"'
n=$(ls -A "$tmp/mo" | wc -l)
[ "$n" -eq 0 ] && ok || bad "a refused mrc left files: $(ls -A "$tmp/mo")"
expect 2 "$bin" mrc "$g" --sizes 50,25
has "$tmp/err" "ascending"
expect 2 "$bin" mrc "$g" --metric pages_swaped_in
has "$tmp/err" 'did you mean "pages_swapped_in"'
expect 2 "$bin" mrc "$g" --svg "$g"
has "$tmp/err" "would overwrite the input"
expect 2 "$bin" mrc docs/examples/trace.json
has "$tmp/err" "the working set is empty"
expect 2 "$bin" mrc

# plot: time-series columns as lines over time
expect 0 "$bin" run "$g" -q --timeseries "$tmp/ts.csv" --every 10ms
expect 0 "$bin" plot "$tmp/ts.csv" --columns free_frames,swapped_pages --svg "$tmp/ts.svg"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$tmp/ts.svg" && ok || bad "ts.svg not well-formed"
fi
has "$tmp/ts.svg" ">swapped_pages</text>"
has "$tmp/ts.svg" ">time (ms)</text>"
n=$(grep -c '<path fill="none"' "$tmp/ts.svg")
[ "$n" -eq 2 ] && ok || bad "ts.svg has $n lines, wanted 2"
expect 0 "$bin" help plot
has "$tmp/out" "^Usage: gemsim plot TS.csv"
# issue 22 item 10: a CSV saved with CRLF line ends (as scenarios and traces
# may be) plots the same picture
sed 's/$/\r/' "$tmp/ts.csv" > "$tmp/crlf.csv"
expect 0 "$bin" plot "$tmp/crlf.csv" --columns free_frames,swapped_pages --svg "$tmp/crlf.svg"
sed 's/crlf\.csv/ts.csv/g' "$tmp/crlf.svg" | cmp -s - "$tmp/ts.svg" && ok ||
	bad "a CRLF CSV plots differently"
# a long series folds to min and max per bucket: a one-row spike survives
awk 'BEGIN { print "time_ns,a"; for (i = 0; i < 100000; i++) print i * 1000 "," (i == 54321 ? 999 : 1) }' >"$tmp/long.csv"
expect 0 "$bin" plot "$tmp/long.csv" --columns a --svg "$tmp/long.svg"
has "$tmp/long.svg" "100000 rows, folded to min and max per bucket"
pts=$(grep '<path fill="none"' "$tmp/long.svg" | tr 'ML' '\n\n' | grep -c .)
[ "$pts" -le 2001 ] && ok || bad "long.svg has $pts points, wanted at most 2000"
has "$tmp/long.svg" ">1000</text>"
expect 2 "$bin" plot "$tmp/ts.csv" --columns free_frame
has "$tmp/err" 'no column "free_frame" (did you mean "free_frames"?'
expect 2 "$bin" plot "$tmp/ts.csv" --svg "$tmp/ts.csv"
has "$tmp/err" "would overwrite the input"
printf 'time_ns,a\n0,1\n5,x\n' >"$tmp/badts.csv"
expect 2 "$bin" plot "$tmp/badts.csv" --columns a
has "$tmp/err" "badts.csv:3:3: a: not a whole number"
printf 'time_ns,a\n0,1,2\n' >"$tmp/badts.csv"
expect 2 "$bin" plot "$tmp/badts.csv" --columns a
has "$tmp/err" "badts.csv:2:5: 3 cells, the header has 2"
printf 'x,a\n' >"$tmp/badts.csv"
expect 2 "$bin" plot "$tmp/badts.csv" --columns a
has "$tmp/err" "badts.csv:1:1: the first column is not time_ns"
expect 2 "$bin" plot /nonexistent.csv
expect 2 "$bin" plot

# issue 23: what a reviewer reads on a page
g=$(pwd)/scenarios/game-evict-vs-purge.json
study() { # NAME METRICS [MORE KEYS]: a two-configuration study of the game
	# (every CPU access touches the LRU, so lru and fifo differ: issue 21's
	# default touch follows the driver, and v19 moves objects on state changes)
	printf '{"question": "q", "scenario": "%s", "seeds": 3, "set": ["policy.touch=all"], %s
  "configurations": [{"name": "lru", "baseline": true, "set": ["policy.reclaim=lru"]},
                     {"name": "fifo", "set": ["policy.reclaim=fifo"]}],
  "metrics": [%s]}\n' "$g" "${3:-}" "$2" >"$tmp/$1.json"
}
# a unit converts the values (ms = ns / 10^6) or is refused
study u '{"of": "reclaim_mean_ns", "unit": "ns"}, {"of": "reclaim_mean_ns", "unit": "ms"}'
expect 0 "$bin" report "$tmp/u.json" -q -o "$tmp/u.html" --csv "$tmp/u.csv" --json "$tmp/u.js"
has "$tmp/u.html" "<th>reclaim_mean_ns (ns)</th><th>reclaim_mean_ns (ms)</th>"
awk -F, '$2 == "lru" { m[$5] = $7 } END { r = m["ns"] / m["ms"]; exit !(r > 999999 && r < 1000001) }' \
	"$tmp/u.csv" && ok || bad "ms is not ns / 10^6: $(cat "$tmp/u.csv")"
study u '{"of": "pages_swapped_in", "unit": "ms"}'
expect 2 "$bin" report "$tmp/u.json" -q
has "$tmp/err" 'u.json:4:[0-9]*: "unit": "ms" is a time, but pages_swapped_in is not one'
study u '{"of": "reclaim_mean_ns", "unit": "pages"}'
expect 2 "$bin" report "$tmp/u.json" -q
has "$tmp/err" '"unit": "pages" for reclaim_mean_ns, a time in nanoseconds: give ns, us'
# the exports: a row per configuration and metric, the same figures as JSON
lines "$tmp/u.csv" 5
has "$tmp/u.csv" "^section,configuration,baseline,metric,unit,seeds,mean,ci95_half,diff,diff_ci95_half,diff_pct,verdict$"
has "$tmp/u.js" '"verdict": "baseline"'
has "$tmp/u.js" "\"gemsim\": \"$("$bin" --version | cut -d' ' -f2)\""
# a percentile is known to one histogram bucket: its interval is never
# narrower, even when every seed gives the same bucket; precision follows
# the interval (the mean to the half-width's second significant digit)
study p '{"of": "reclaim_p99_ns", "unit": "ns"}, "pages_swapped_in", {"of": "job_stall_mean_ns", "unit": "ms"}'
expect 0 "$bin" report "$tmp/p.json" -q -o "$tmp/p.html" --csv "$tmp/p.csv"
awk -F, '$4 == "reclaim_p99_ns" { w = 1; while (w * 32 <= $7) w *= 2; if ($8 < w || $10 < w) bad = 1 }
	END { exit bad }' "$tmp/p.csv" && ok || bad "a p99 interval is narrower than its bucket: $(cat "$tmp/p.csv")"
grep -o '<td[^>]*>[-+]*[0-9.]* ± [0-9.]*' "$tmp/p.html" | sed 's/<td[^>]*>//' |
	awk '{ a = index($1, ".") ? length($1) - index($1, ".") : 0; b = index($3, ".") ? length($3) - index($3, ".") : 0;
	       if (a != b) { print; bad = 1 } } END { exit bad }' && ok || bad "a mean and its interval differ in precision"
# a minimum effect: a significant but smaller change is "no meaningful change"
study e '"pages_swapped_in"' '"min_effect": "50%",'
expect 0 "$bin" report "$tmp/e.json" -q -o "$tmp/e.html" --csv "$tmp/e.csv"
has "$tmp/e.csv" "^,fifo,0,pages_swapped_in,count,3,.*,no meaningful change$"
has "$tmp/e.html" "No meaningful change on any metric: <b>fifo</b>"
hasnt "$tmp/e.html" '<td class="sig">'
study e '"pages_swapped_in"'
expect 0 "$bin" report "$tmp/e.json" -q -o "$tmp/e.html" --csv "$tmp/e.csv"
has "$tmp/e.csv" "^,fifo,0,pages_swapped_in,count,3,.*,significant$"
has "$tmp/e.html" "^<li>pages_swapped_in: <b>fifo</b> +[0-9.]*% ([^)]* count, worse); best: <b>lru</b> (lower is better).</li>"
# "better": "neither": a count to read, not to win
study e '{"of": "pages_swapped_in", "better": "neither"}'
expect 0 "$bin" report "$tmp/e.json" -q -o "$tmp/e.html"
has "$tmp/e.html" "^<li>pages_swapped_in: <b>fifo</b> +[0-9.]*% ([^)]* count).</li>"
# the page answers the question, describes the workload, kernel and policy of
# each configuration, shows the x- notes, the version, and a Reproduce block
# that runs from any directory
p=$tmp/vmap-pins.html
has "$p" "^<h2>Conclusion</h2>"
has "$p" "^<li>use-after-reclaim (invariant 11): <b>weak+resv</b> -100% "
has "$p" "^<li><code>vmap: "
has "$p" '<td class="l">kernel v19; generic shrinker, lru order, evicts, purge pass first, vmap does not pin'
has "$p" "^<li><b>thread</b>: seed thread: vmap pins or not"
has "$p" ", gemsim $("$bin" --version | cut -d' ' -f2)\."
grep '^gemsim run ' "$p" | head -n 1 | sed "s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g" >"$tmp/repro.sh"
mkdir "$tmp/elsewhere" "$tmp/rbin" && ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/rbin/gemsim"
(cd "$tmp/elsewhere" && PATH="$tmp/rbin:$PATH" sh "$tmp/repro.sh" >/dev/null 2>"$tmp/err"); rc=$?
[ "$rc" -ne 2 ] && ok || bad "the Reproduce line does not run from another directory: $(head -n 2 "$tmp/err")"
# expectations: off by default (said, not counted); "on" lists each failing run
hasnt "$p" "runs failed the scenario"
has "$p" '<code>"expectations": "off"</code>, the default'
sed 's/"seeds": 30,/"seeds": 30, "expectations": "on",/; s|"\.\./scenarios|"'"$(pwd)"'/scenarios|' \
	studies/vmap-pins.json >"$tmp/on.json"
expect 0 "$bin" report "$tmp/on.json" --seeds 2 -q -o "$tmp/on.html"
# the scenario expects violations (4 configurations have none) and 4000 vmap
# accesses (a long-lived vmap makes 2000): only the weak baseline holds it
has "$tmp/on.html" "^<p>10 of 12 runs failed the scenario's own expectations"
has "$tmp/on.html" "^<tr><td>pins</td><td>2</td><td class=\"l\">FAIL at [^<]*vmap-per-commit.json:[0-9]*:[0-9]*: violations: wanted at least 1, got 0</td></tr>"
bad_on() { printf '{"question": "q", "scenario": "%s", "seeds": 2, %s "configurations": [{"name": "a", "baseline": true}], "metrics": ["events"]}\n' "$g" "$1" >"$tmp/b.json"
	expect 2 "$bin" report "$tmp/b.json" -q; has "$tmp/err" "$2"; }
bad_on '"expectations": "yes",' '"expectations" is "off"'
bad_on '"min_effect": 5,' '"min_effect" is a percentage of the baseline'
# report --set: one more override for every configuration; --vary: a section
# per value, on one page and in the exports
study v '"pages_swapped_in"'
expect 0 "$bin" report "$tmp/v.json" -q --set workloads.pressure.high=0 --csv "$tmp/v0.csv" -o "$tmp/v0.html"
has "$tmp/v0.html" "<code>--set workloads.pressure.high=0</code> <code>--set policy.reclaim=lru</code>"
expect 0 "$bin" report "$tmp/v.json" -q --vary workloads.pressure.high=0,1024 --csv "$tmp/v.csv" -o "$tmp/v.html"
lines "$tmp/v.csv" 5
has "$tmp/v.csv" "^workloads.pressure.high=1024,fifo,"
has "$tmp/v.html" "^<h2>workloads.pressure.high=0: Mean ± 95% confidence interval</h2>"
has "$tmp/v.html" "^<h2>workloads.pressure.high=1024: Paired difference"
has "$tmp/v.html" "gemsim report '[^']*/v.json' --vary 'workloads.pressure.high=0,1024' -o page.html"
# the section at 0 is the --set run at 0
grep '^workloads.pressure.high=0,' "$tmp/v.csv" | cut -d, -f2- >"$tmp/v1.csv"
tail -n +2 "$tmp/v0.csv" | cut -d, -f2- >"$tmp/v2.csv"
cmp -s "$tmp/v1.csv" "$tmp/v2.csv" && ok || bad "--vary's section differs from --set's run"
expect 2 "$bin" report "$tmp/v.json" -q --vary workloads.pressure.high
has "$tmp/err" "--vary needs KEY=V1,V2"
expect 2 "$bin" report "$tmp/v.json" -q --vary workloads.pressure.bogus=1,2
has "$tmp/err" 'configuration "lru" with --vary workloads.pressure.bogus=1: '

# bad studies: file:line:col and exit 2
bad_study() {
	printf '%s\n' "$1" >"$tmp/bad.json"
	expect 2 "$bin" report "$tmp/bad.json" -q -o "$tmp/bad.html"
	has "$tmp/err" "$2"
	[ ! -e "$tmp/bad.html" ] && ok || bad "a refused study left $tmp/bad.html"
}
sc=$(pwd)/scenarios/vmap-per-commit.json
cfg='"configurations": [{"name": "a", "baseline": true}]'
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, '"$cfg"', "metrics": ["pages_swaped_in"]}' \
	"bad.json:1:[0-9]*: unknown metric \"pages_swaped_in\" (did you mean \"pages_swapped_in\"?"
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, '"$cfg"', "metrics": ["violations.16"]}' \
	"unknown metric \"violations.16\""
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, '"$cfg"',
 "metric": ["events"]}' "bad.json:2:2: unknown key \"metric\" in the study (did you mean \"metrics\"?"
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 0, '"$cfg"', "metrics": ["events"]}' \
	"\"seeds\" must be a whole number from 1 to 1000"
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, "configurations": [{"name": "a"}], "metrics": ["events"]}' \
	"no configuration is marked \"baseline\": true"
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, "configurations": [{"name": "a", "baseline": true}, {"name": "a"}], "metrics": ["events"]}' \
	"configuration \"a\" is named twice"
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, "configurations": [{"name": "a", "baseline": true, "set": ["policy.vmap_pin=true"]}], "metrics": ["events"]}' \
	"bad.json:1:[0-9]*: configuration \"a\": .*policy.vmap_pin"
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, "configurations": [{"name": "a", "baseline": true, "set": ["nokey"]}], "metrics": ["events"]}' \
	"an override is \"KEY=VALUE\""
bad_study '{"question": "q", "scenario": "/nonexistent.json", "seeds": 2, '"$cfg"', "metrics": ["events"]}' \
	"configuration \"a\": /nonexistent.json: cannot open"
bad_study '{"question": "q", "seeds": 2, '"$cfg"', "metrics": ["events"]}' \
	"bad.json:1:1: the study needs \"scenario\""
bad_study '{"question": "q", "scenario": "'"$sc"'", "seeds": 2, '"$cfg"', "metrics": [{"per": "events"}]}' \
	"a metric object needs \"of\""
bad_study '{"question": 1' "bad.json:2:1: unexpected end of file"
bad_study '[]' "bad.json:1:1: a study is a JSON object"
# an output that names an input is refused before any run
expect 2 "$bin" report studies/vmap-pins.json -q -o studies/vmap-pins.json
has "$tmp/err" "vmap-pins.json"
expect 2 "$bin" report studies/vmap-pins.json -q -o scenarios/vmap-per-commit.json
expect 2 "$bin" report studies/vmap-pins.json --seeds 0
expect 2 "$bin" report
expect 2 "$bin" report studies/vmap-pins.json --bogus
has "$tmp/err" "unknown option '--bogus'"
finish
