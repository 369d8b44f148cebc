#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/docs.sh GEMSIM [GEMSIM-VIEW] - the documentation cannot go stale:
# every command the README and docs/*.md mark as runnable runs, every
# sample output they show is compared with the real one, and every file
# they name exists.  The conventions (docs/README.md, "Docs that run"):
#
#   ```sh runnable          each command runs from the repository root (a
#   ./gemsim run X.json      "\" continues a line, "#" starts a comment) and
#   ```                      must exit 0, or N when its comment ends "exit N"
#
#   ```console               "$ CMD" runs CMD; the lines after it, up to the
#   $ gemsim run X.json      next "$ " or the end of the block, are its output
#   scenario x ...           (stdout and stderr), compared line by line: a
#   ...                      line "..." stands for any number of lines, a line
#   OK                       ending in " ..." for any line that starts so
#   ```
#
# "gemsim" and "./gemsim" are GEMSIM, "gemsim-view" and "./gemsim-view"
# GEMSIM-VIEW (console blocks that use the viewer are skipped without it).
# Commands run in a scratch directory that sees scenarios/, docs/, tests/,
# studies/, tools/ and the sources of the checkout, so the files they write
# go nowhere.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
view=${2:-}
[ -n "$view" ] && view=$(cd "$(dirname "$view")" && pwd)/$(basename "$view")
root=$(pwd)
name=docs
. tests/lib.sh

mkdir "$tmp/bin" "$tmp/cases" "$tmp/work"
ln -s "$bin" "$tmp/bin/gemsim"
[ -n "$view" ] && ln -s "$view" "$tmp/bin/gemsim-view"
for d in scenarios docs tests studies tools sim gem gpu viewer; do ln -s "$root/$d" "$tmp/work/$d"; done
ln -s "$bin" "$tmp/work/gemsim"
[ -n "$view" ] && ln -s "$view" "$tmp/work/gemsim-view"

docs="README.md docs/*.md"

# Cut the marked blocks into cases: NNN.where (file:line), NNN.cmd, and for
# console blocks NNN.want.
awk -v dir="$tmp/cases" '
function newcase(kind) {
	n++
	cur = sprintf("%s/%04d", dir, n)
	printf "%s:%d\n", FILENAME, FNR > (cur ".where")
	close(cur ".where")
	if (kind == "console")
		printf "" > (cur ".want")
}
FNR == 1 { mode = "" }
/^```/ {
	if (mode != "") { mode = ""; next }
	if ($0 ~ /^```sh runnable[ \t]*$/) mode = "sh"
	else if ($0 ~ /^```console[ \t]*$/) mode = "console"
	else mode = "other"
	cont = ""
	next
}
mode == "sh" {
	line = $0
	if (cont == "" && (line ~ /^[ \t]*#/ || line ~ /^[ \t]*$/)) next
	if (line ~ /\\$/) { cont = cont substr(line, 1, length(line) - 1); next }
	line = cont line
	cont = ""
	newcase("sh")
	print line > (cur ".cmd")
	close(cur ".cmd")
	next
}
mode == "console" {
	if ($0 ~ /^\$ /) {
		newcase("console")
		print substr($0, 3) > (cur ".cmd")
		close(cur ".cmd")
	} else if (n && cur != "") {
		print $0 >> (cur ".want")
		close(cur ".want")
	}
	next
}
' $docs

# match WANT GOT: GOT fits the pattern lines of WANT ("..." lines and
# "PREFIX ..." lines as above).  Prints the first line that does not fit.
match() {
	awk '
	NR == FNR { want[++nw] = $0; next }
	{ got[++ng] = $0 }
	function fits(p, g) {
		if (p ~ / \.\.\.$/)
			return substr(g, 1, length(p) - 4) == substr(p, 1, length(p) - 4)
		return p == g
	}
	function m(i, j,    k) {
		if (i > nw) return j > ng
		if (want[i] == "...") {
			for (k = j; k <= ng + 1; k++)
				if (m(i + 1, k)) return 1
			return 0
		}
		if (j > ng || !fits(want[i], got[j])) {
			if (j > deep_j) { deep_j = j; deep_i = i }
			return 0
		}
		return m(i + 1, j + 1)
	}
	END {
		if (m(1, 1)) exit 0
		printf "wanted \"%s\", got \"%s\" (output line %d)\n", want[deep_i], \
			got[deep_j], deep_j
		exit 1
	}' "$1" "$2"
}

ncmd=0
for c in "$tmp"/cases/*.cmd; do
	[ -e "$c" ] || break
	base=${c%.cmd}
	where=$(cat "$base.where")
	cmd=$(sed 's#\./gemsim#gemsim#g' "$c")
	case "$cmd" in *gemsim-view*|*"gemsim view"*) [ -z "$view" ] && continue ;; esac
	want_code=$(sed -n 's/.*#.*[^a-z]exit \([0-9][0-9]*\)[ \t]*$/\1/p' "$c")
	(cd "$tmp/work" && PATH="$tmp/bin:$PATH" sh -c "$cmd") >"$tmp/out" 2>&1
	code=$?
	ncmd=$((ncmd + 1))
	if [ "$code" -ne "${want_code:-0}" ]; then
		bad "$where: '$cmd' exited $code, wanted ${want_code:-0}: $(head -n 3 "$tmp/out")"
		continue
	fi
	if [ -e "$base.want" ]; then
		if why=$(match "$base.want" "$tmp/out"); then
			ok
		else
			bad "$where: '$cmd': the sample output is stale: $why"
		fi
	else
		ok
	fi
done
[ "$ncmd" -gt 10 ] && ok || bad "only $ncmd commands found to run"

# Every file the docs name exists: scenarios, docs pages, tests, sources
# ("base/zipf.[ch]" and "load-*.json" as the shell would glob them; paths
# under build/ are made, not shipped).
for f in $(grep -oh '\(^\|[^A-Za-z0-9_./-]\)\(scenarios\|studies\|docs\|tests\|tools\|bench\|fuzz\|sim\|gem\|gpu\|viewer\)/[][A-Za-z0-9_./*-]*[]A-Za-z0-9_*]' $docs |
	   sed 's#^[^a-z]##' | sort -u); do
	case "$f" in
	*/NAME*|*/*-NAME*|*/NNN*) continue ;; # placeholders
	esac
	# shellcheck disable=SC2086
	set -- $f
	[ -e "$1" ] && ok || bad "a doc names $f, which does not exist ($(grep -lF "$f" $docs | tr '\n' ' '))"
done
for f in $(grep -oh '[A-Z][A-Za-z_]*\.md' $docs | sort -u); do
	[ -e "$f" ] || [ -e "docs/$f" ] && ok || bad "a doc names $f, which is not in the repository ($(grep -l "$f" $docs | tr '\n' ' '))"
done

finish
