#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/completion.sh BINDIR - the bash completion (tools/completion/gemsim.bash)
# offers the commands, each command's options and the names gemsim lists,
# read from the programs in BINDIR; the man pages (tools/man.sh) exist for
# every command and carry its --help text.
set -u
name=completion
. tests/lib.sh
dir=$tmp
ko() { bad "$@"; }
bindir=$1

# complete WORDS... -> the words offered for the last one
complete_words() {
	PATH="$bindir:$PATH" bash -c '
		. tools/completion/gemsim.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		if [ "$1" = gemsim-view ]; then _gemsim_view; else _gemsim; fi
		printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}

got=$(complete_words gemsim r)
echo "$got" | grep -qx run && echo "$got" | grep -qx report && ok || ko "gemsim r: $got"
got=$(complete_words gemsim run --n)
echo "$got" | grep -qx -- --no-check && ok || ko "gemsim run --n: $got"
got=$(complete_words gemsim list k)
[ "$got" = kernels ] && ok || ko "gemsim list k: $got"
got=$(complete_words gemsim run x.json --set model.kernel=m)
[ "$got" = model.kernel=mainline ] && ok || ko "--set model.kernel=m: $got"
got=$(complete_words gemsim run x.json --set policy.reclaim=c)
[ "$got" = policy.reclaim=clock ] && ok || ko "--set policy.reclaim=c: $got"
got=$(complete_words gemsim-view x.json --view h)
[ "$got" = holders ] && ok || ko "gemsim-view --view h: $got"
got=$(complete_words gemsim-view x.json --de)
[ "$got" = --deck ] && ok || ko "gemsim-view --de: $got"

# man pages: one per command, each with its own help text
sh tools/man.sh "$bindir/gemsim" "$bindir/gemsim-view" "$dir"
for cmd in $("$bindir/gemsim" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
		on && /^  [a-z]/ { print $1 }'); do
	case $cmd in help | view) continue ;; esac
	if [ -s "$dir/gemsim-$cmd.1" ] &&
	   grep -qF "$("$bindir/gemsim" help "$cmd" | sed -n 3p | sed 's/\\/\\e/g')" "$dir/gemsim-$cmd.1"; then
		ok
	else
		ko "man page of $cmd missing or not its --help"
	fi
done
[ -s "$dir/gemsim.1" ] && [ -s "$dir/gemsim-view.1" ] && ok || ko "gemsim.1 or gemsim-view.1 missing"
grep -q '^\.TH GEMSIM-VIEW 1' "$dir/gemsim-view.1" && ok || ko "gemsim-view.1 has no .TH"
# every option a command's parser takes is in its --help, where the
# completion and the man pages read them: the unknown-option message lists
# the parser's table
for cmd in run sweep compare report mrc plot import oracle; do
	"$bindir/gemsim" $cmd --zzzz 2>&1 | sed -n 's/.*options: \(.*\))$/\1/p' | tr ',' '\n' |
		sed 's/^ //' >"$tmp/opts"
	[ -s "$tmp/opts" ] && ok || ko "$cmd --zzzz lists no options"
	"$bindir/gemsim" help $cmd >"$tmp/help"
	while read -r o; do
		grep -q -- "$o\\b" "$tmp/help" && ok || ko "gemsim $cmd takes $o; its --help does not say"
	done <"$tmp/opts"
done
"$bindir/gemsim-view" --zzzz 2>&1 | sed -n 's/.*options: \(.*\))$/\1/p' | tr ',' '\n' |
	sed 's/^ //' >"$tmp/opts"
"$bindir/gemsim-view" --help >"$tmp/help"
while read -r o; do
	grep -q -- "$o\\b" "$tmp/help" && ok || ko "gemsim-view takes $o; its --help does not say"
done <"$tmp/opts"

finish
