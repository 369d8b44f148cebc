#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/man.sh GEMSIM GEMSIM-VIEW DIR - man pages made from the programs'
# own --help texts, so the two cannot drift: gemsim.1, one gemsim-CMD.1 for
# every command `gemsim --help` lists, and gemsim-view.1.  `make man` runs
# it into build/man; `make install` installs them (docs/cli.md "Installing").
set -eu
gemsim=$1
view=$2
dir=$3
mkdir -p "$dir"
version=$("$gemsim" --version | sed 's/^gemsim //')

# The help texts name docs/ and scenarios/ where the program finds them;
# a man page is read where the programs are installed: it names those.
docdir=${GEMSIM_DOCDIR:-docs/}
scendir=${GEMSIM_SCENARIODIR:-scenarios/}
installed() {
	sed -e "s#\([ (\"']\|^\)[^ (\"']*docs/#\1$docdir#g" \
	    -e "s#\([ (\"']\|^\)[^ (\"']*scenarios/#\1$scendir#g"
}

# page NAME SUMMARY < help text > troff: the help's first line is the
# synopsis, the rest its description, kept as written (fixed layout)
page() {
	name=$1
	summary=$2
	upper=$(echo "$name" | tr 'a-z' 'A-Z')
	printf '.TH %s 1 "" "gemsim %s" "gemsim manual"\n' "$upper" "$version"
	printf '.SH NAME\n%s \\- %s\n' "$name" "$summary"
	# troff: a backslash is \e; a line starting with . or ' needs \&
	installed | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" | awk '
		NR == 1 { sub(/^Usage: /, ""); print ".SH SYNOPSIS\n.nf\n" $0 "\n.fi\n.SH DESCRIPTION\n.nf"; next }
		{ print }
		END { print ".fi" }'
	printf '.SH SEE ALSO\n'
	if [ "$name" = gemsim ]; then
		printf '.BR gemsim-view (1),\n'
	else
		printf '.BR gemsim (1),\n'
	fi
	printf 'the documents in %s (format.md, model.md, cli.md, viewer.md).\n' \
		"$docdir"
}

"$gemsim" --help | page gemsim "simulate a GPU driver's GEM shmem memory manager" \
	>"$dir/gemsim.1"
"$view" --help | page gemsim-view "animate a gemsim scenario; pictures, slides and movies" \
	>"$dir/gemsim-view.1"
# the commands: "  NAME ARGS   summary" lines under "Commands:"
"$gemsim" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { exit }
	pending { sub(/^ +/, ""); print pending "\t" $0; pending = ""; next }
	on && /^  [a-z]/ { name = $1
		# "  USAGE  summary": two spaces or more part them; no summary: the next line
		if (split($0, part, /  +/) >= 3) print name "\t" part[3]; else pending = name }' |
while IFS='	' read -r cmd summary; do
	# help is this page; view is gemsim-view(1)
	case $cmd in help | view) continue ;; esac
	"$gemsim" help "$cmd" | page "gemsim-$cmd" "$summary" >"$dir/gemsim-$cmd.1"
done
