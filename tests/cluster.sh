#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cluster.sh GEMSIM - a sweep past one machine (docs/sweep.md): the
# runs of `sweep --jobs-list --out-dir` spread by GNU parallel, and one by
# one as a Slurm array task runs them, then `sweep --merge` gives the CSV
# and chart of a local sweep, byte for byte.  Bad merges are exit 2.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
name=cluster
. tests/lib.sh

mkdir "$tmp/bin" "$tmp/par" "$tmp/slurm"
ln -s "$bin" "$tmp/bin/gemsim"
sc=scenarios/loop-larger-than-ram.json
set -- "$sc" --vary policy.reclaim=lru,fifo --vary workloads.0.pattern=loop,zipf --seeds 1..3

# the local sweep (exit 1: the expectations are written for the loop pattern)
expect 1 "$bin" sweep "$@" -q -j2 --csv "$tmp/local.csv" --chart "$tmp/local.svg"
expect 0 "$bin" sweep "$@" --jobs-list --out-dir "$tmp/par"
cp "$tmp/out" "$tmp/jobs.txt"
lines "$tmp/jobs.txt" 12
has "$tmp/jobs.txt" "^gemsim run 'scenarios/loop-larger-than-ram.json' --set 'policy.reclaim=lru' --set 'workloads.0.pattern=loop' --seed 1 --json > '$tmp/par/0.json'$"

# GNU parallel, local cores (each line is a shell command); its exit status
# counts the runs that failed their expectations (6 here)
if command -v parallel >/dev/null 2>&1; then
	PATH="$tmp/bin:$PATH" parallel --will-cite -j2 <"$tmp/jobs.txt" 2>"$tmp/err"
	[ $? -eq 6 ] && ok || bad "parallel: $(head -n 3 "$tmp/err")"
else
	echo "cluster: GNU parallel is not installed (make deps): running the lines with sh"
	PATH="$tmp/bin:$PATH" sh "$tmp/jobs.txt" 2>/dev/null
fi
expect 1 "$bin" sweep "$@" --merge "$tmp/par" --csv "$tmp/par.csv" --chart "$tmp/par.svg"
has "$tmp/err" "run 3 failed (policy.reclaim=lru, workloads.0.pattern=zipf, seed 1):"
cmp -s "$tmp/local.csv" "$tmp/par.csv" && ok || bad "merged CSV differs from the local sweep's"
cmp -s "$tmp/local.svg" "$tmp/par.svg" && ok || bad "merged chart differs from the local sweep's"

# a Slurm array: task i runs line i, as docs/sweep.md's sbatch line does
expect 0 "$bin" sweep "$@" --jobs-list --out-dir "$tmp/slurm"
cp "$tmp/out" "$tmp/jobs2.txt"
i=1
while [ $i -le 12 ]; do
	SLURM_ARRAY_TASK_ID=$i PATH="$tmp/bin:$PATH" sh -c \
		'sed -n "${SLURM_ARRAY_TASK_ID}p" "$1" | sh' sh "$tmp/jobs2.txt" 2>/dev/null
	i=$((i + 1))
done
expect 1 "$bin" sweep "$@" --merge "$tmp/slurm" --csv "$tmp/slurm.csv"
cmp -s "$tmp/local.csv" "$tmp/slurm.csv" && ok || bad "Slurm-merged CSV differs from the local sweep's"

# bad merges: exit 2, naming the file
rm "$tmp/slurm/7.json"
expect 2 "$bin" sweep "$@" --merge "$tmp/slurm" --csv "$tmp/bad.csv"
has "$tmp/err" "gemsim: sweep: --merge: $tmp/slurm/7.json: cannot open: No such file or directory"
[ ! -e "$tmp/bad.csv" ] && ok || bad "a failed merge wrote its CSV"
echo '{"stats": 1' >"$tmp/slurm/7.json"
expect 2 "$bin" sweep "$@" --merge "$tmp/slurm"
has "$tmp/err" "7.json: not JSON"
cp "$tmp/par/8.json" "$tmp/slurm/7.json"
expect 2 "$bin" sweep "$@" --merge "$tmp/slurm"
has "$tmp/err" "7.json: has seed 3, but run 7 of this sweep has seed 2"
expect 2 "$bin" sweep scenarios/policy-lru.json --seeds 1..3 --merge "$tmp/par"
has "$tmp/err" "0.json: is the summary of another scenario file"
# the --vary values in another order: every summary is some run's, but
# not this run's; the merge says so rather than mislabel the rows (issue 23)
expect 2 "$bin" sweep "$sc" --vary policy.reclaim=fifo,lru --vary workloads.0.pattern=loop,zipf \
	--seeds 1..3 --merge "$tmp/par"
has "$tmp/err" "0.json: was run with --set policy.reclaim=lru --set workloads.0.pattern=loop, but run 0 of this sweep has --set policy.reclaim=fifo --set workloads.0.pattern=loop"
# summaries that are not a run's: each refused by name
mkdir "$tmp/evil"
cp "$tmp/par/"*.json "$tmp/evil/"
evil() { # SED-SCRIPT MESSAGE: run 0's summary edited is refused by name
	sed "$1" "$tmp/par/0.json" >"$tmp/evil/0.json"
	expect 2 "$bin" sweep "$sc" --vary policy.reclaim=lru,fifo --vary workloads.0.pattern=loop,zipf \
		--seeds 1..3 --merge "$tmp/evil"
	has "$tmp/err" "0.json: $2"
}
evil 's/"pages_allocated": [0-9]*/"pages_allocated": -1/' \
	'has a bad "pages_allocated": a count is a whole number from 0 to 2^64-1'
evil 's/"pages_allocated": [0-9]*/"pages_allocated": 1.5/' 'has a bad "pages_allocated"'
evil 's/"pages_allocated": [0-9]*/"pages_allocated": 18446744073709551616/' \
	'has a bad "pages_allocated"'
evil 's/"pages_allocated": /"pages_freed": 0, "pages_allocated": /' 'has "pages_freed" twice'
evil 's/"name": "/"name": "\\u0000/' 'holds a NUL byte'
evil 's/"gemsim": "[^"]*"/"gemsim": "0.0.9"/' 'written by gemsim 0.0.9, this is gemsim '
evil 's/"seed": 1,/"seed": 2,/' 'has seed 2, but run 0 of this sweep has seed 1'
expect 2 "$bin" sweep "$@" --jobs-list --merge "$tmp/par"
expect 2 "$bin" sweep "$@" --out-dir "$tmp/par"
has "$tmp/err" "--out-dir goes with --jobs-list"
finish
