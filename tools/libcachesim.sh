#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/libcachesim.sh [SRC_DIR] - build libCacheSim's `cachesim`, the
# program gemsim-bench measures gemsim's trace replay against
# (docs/performance.md), and print its path.
#
# SRC_DIR is a libCacheSim source checkout (github.com/1a1a11a/libCacheSim;
# its data/ files are not needed).  Without one, build/libcachesim-src is
# used, cloned there first when git and the network allow.  The Debian
# packages the build needs (cmake, libglib2.0-dev, libzstd-dev) are
# installed by tools/deps.sh when missing (root or sudo).  The build goes
# to build/libcachesim; the program is build/libcachesim/bin/cachesim, the
# one line this script prints on stdout.  Run from the repository root
# (`make bench-lcs SRC=DIR` does, then runs the bench with it).
set -eu

URL=https://github.com/1a1a11a/libCacheSim
OUT=build/libcachesim
PKGS="cmake libglib2.0-dev libzstd-dev"
src=${1:-}

say() { echo "gemsim: libcachesim.sh: $*" >&2; }
give_src="give a libCacheSim checkout: tools/libcachesim.sh SRC_DIR (or make bench-lcs SRC=DIR)"

if [ -z "$src" ]; then
	src=build/libcachesim-src
	if [ ! -f "$src/CMakeLists.txt" ]; then
		if ! command -v git >/dev/null 2>&1; then
			say "no git here to clone $URL; $give_src"
			exit 1
		fi
		say "cloning $URL into $src"
		rm -rf "$src"
		mkdir -p build
		# the traces under data/ are Git LFS files the build does not use
		if ! GIT_LFS_SKIP_SMUDGE=1 git clone -q --depth 1 "$URL" "$src"; then
			rm -rf "$src"
			say "could not clone $URL (no network?); $give_src"
			exit 1
		fi
	fi
fi
if [ ! -f "$src/CMakeLists.txt" ] || [ ! -d "$src/libCacheSim/bin/cachesim" ]; then
	say "$src is not a libCacheSim checkout (wanted CMakeLists.txt and libCacheSim/bin/cachesim/)"
	exit 1
fi
src=$(cd "$src" && pwd)

if ! GEMSIM_EXTRA_PKGS="$PKGS" sh "$(dirname "$0")/deps.sh"; then
	say "could not install the missing packages; the build needs $PKGS"
fi
if ! command -v cmake >/dev/null 2>&1; then
	say "cmake is not installed; the build needs $PKGS"
	exit 1
fi

# a build directory configured from another checkout cannot be reused
if [ -f "$OUT/CMakeCache.txt" ] &&
   ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$src" "$OUT/CMakeCache.txt"; then
	rm -rf "$OUT"
fi
mkdir -p "$OUT"
log=$OUT/build.log
say "building cachesim from $src into $OUT (log: $log)"
if ! { cmake -S "$src" -B "$OUT" -DCMAKE_BUILD_TYPE=Release &&
       make -C "$OUT" -j"$(nproc 2>/dev/null || echo 2)" cachesim; } >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	say "the build failed; the whole log: $log"
	exit 1
fi
if [ ! -x "$OUT/bin/cachesim" ]; then
	say "the build went through but left no $OUT/bin/cachesim; the log: $log"
	exit 1
fi
echo "$OUT/bin/cachesim"
