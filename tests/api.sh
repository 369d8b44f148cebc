#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/api.sh GEMSIM - the library as its users get it: `make install-lib`
# into a temporary prefix, a C program built with pkg-config's flags
# (tests/api/example.c), and the Python package's tests over the same
# libgemsim.so.  GEMSIM (the command) gives the numbers to compare with.
set -u
name=api
. tests/lib.sh
dir=$tmp
ko() { bad "$@"; }
gemsim=$1

make --no-print-directory -s install-lib PREFIX="$dir" >"$dir/install.log" 2>&1 ||
	{ cat "$dir/install.log"; ko "make install-lib"; }
export PKG_CONFIG_PATH="$dir/lib/pkgconfig"
flags=$(pkg-config --cflags --libs gemsim) && ok || ko "pkg-config gemsim"
# shellcheck disable=SC2086
if cc -std=c11 -Wall -Wextra -Werror -o "$dir/example" tests/api/example.c $flags; then
	ok
	LD_LIBRARY_PATH="$dir/lib" "$dir/example" scenarios/purge-before-evict.json && ok ||
		ko "tests/api/example.c"
else
	ko "tests/api/example.c does not build with pkg-config's flags"
fi
# only gemsim_ names leave the library
other=$(nm -D --defined-only "$dir/lib/libgemsim.so" | awk '$3 !~ /^gemsim_/ && $3 != "GEMSIM_0"' | wc -l)
[ "$other" -eq 0 ] && ok || ko "$other exported names without the gemsim_ prefix"
if command -v python3 >/dev/null 2>&1; then
	GEMSIM_LIB="$dir/lib/libgemsim.so" GEMSIM="$gemsim" PYTHONPATH=python \
		python3 -m unittest -q tests/api/test_gemsim.py 2>"$dir/py.log" && ok ||
		{ cat "$dir/py.log"; ko "the Python package's tests"; }
fi
finish
