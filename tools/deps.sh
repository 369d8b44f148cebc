#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/deps.sh - install the Debian packages gemsim needs, when missing.
#
# Called by `make deps` (and so by the README's two commands and .ci/run).
# Installs nothing when everything is there; otherwise uses apt-get as root,
# or through sudo when that is available.  On a system without apt-get it
# says what to install and fails.
set -eu

# build + tests: compiler, make, pkg-config, cJSON, Check
# viewer: SDL2, SDL2_ttf, a TrueType font, libpng (screenshots, headless frames)
# sanitizer/fuzz builds: clang with its runtime (libFuzzer); the layout
# check: clang-format (tools/format.sh)
PKGS="gcc make pkg-config libcjson-dev check libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core libpng-dev"
PKGS="$PKGS clang libclang-rt-14-dev clang-format valgrind"
# tests: xmllint checks that report pages and charts are well-formed; GNU
# parallel runs the cluster path of a sweep (--jobs-list, then --merge)
PKGS="$PKGS libxml2-utils parallel"
# viewer: gemsim-view --record and --frames make movies through ffmpeg
PKGS="$PKGS ffmpeg"
# tests: the scenario JSON Schema is checked with python3-jsonschema; the
# Python package's test runs on python3
PKGS="$PKGS python3 python3-jsonschema"
[ -n "${GEMSIM_EXTRA_PKGS:-}" ] && PKGS="$PKGS $GEMSIM_EXTRA_PKGS"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "gemsim: please install:$missing (no apt-get here)" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "gemsim: need root to install:$missing" >&2
	exit 1
fi
echo "gemsim: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
