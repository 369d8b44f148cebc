# SPDX-License-Identifier: MIT
# bash completion for gemsim and gemsim-view (tools/completion/gemsim.bash;
# `make install` puts it where bash-completion looks).  Commands and
# options come from the programs' own --help, so they cannot drift.

_gemsim_commands()
{
	"${1:-gemsim}" --help 2>/dev/null |
		awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }'
}

# the options a --help text names
_gemsim_options()
{
	"$@" 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# VALUE words for --set KEY=...: the sections, and the names gemsim lists
_gemsim_set()
{
	local prog=$1 cur=$2
	case $cur in
	policy.reclaim=*)
		COMPREPLY=($(compgen -P policy.reclaim= -W "$("$prog" list policies 2>/dev/null |
			awk '{ print $1 }')" -- "${cur#policy.reclaim=}")) ;;
	model.kernel=*)
		COMPREPLY=($(compgen -P model.kernel= -W "$("$prog" list kernels 2>/dev/null |
			awk '{ print $1 }')" -- "${cur#model.kernel=}")) ;;
	*)
		COMPREPLY=($(compgen -W "policy. memory. model. costs. objects. workloads. events
			captions expect seed end policy.reclaim= model.kernel=" -- "$cur"))
		compopt -o nospace 2>/dev/null ;;
	esac
}

_gemsim()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]}

	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(_gemsim_commands "$prog") --help --version" -- "$cur"))
		return
	fi
	case $prev in
	--set) _gemsim_set "$prog" "$cur"; return ;;
	--seed | --every | --dump-at | -j | --jobs) return ;;
	esac
	case $cmd in
	list)
		[ "$COMP_CWORD" -eq 2 ] &&
			COMPREPLY=($(compgen -W "policies stats ops kernels" -- "$cur"))
		return ;;
	help)
		COMPREPLY=($(compgen -W "$(_gemsim_commands "$prog")" -- "$cur"))
		return ;;
	view)
		_gemsim_view_words "$prog-view" "$cur" "$prev"
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_gemsim_options "$prog" help "$cmd")" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_gemsim_view_words()
{
	local prog=$1 cur=$2 prev=$3
	case $prev in
	--view) COMPREPLY=($(compgen -W "frames owners objects holders lists" -- "$cur")); return ;;
	--set) _gemsim_set "${prog%-view}" "$cur"; return ;;
	--color) COMPREPLY=($(compgen -W "free other resident gpu mmapped purgeable pinned
		vmapped swap purged" -- "$cur")); return ;;
	--at | --from | --to | --speed | --size | --font-scale | --fps | --seed) return ;;
	--frames | --deck) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_gemsim_options "$prog" --help)" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_gemsim_view()
{
	COMPREPLY=()
	_gemsim_view_words "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
		"${COMP_WORDS[COMP_CWORD - 1]}"
}

complete -o filenames -F _gemsim gemsim
complete -o filenames -F _gemsim_view gemsim-view
