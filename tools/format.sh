#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/format.sh [--check] - the house layout (.clang-format: the kernel's
# own settings at 100 columns) over every C file of the project: rewrites
# them, or with --check lists the files that differ and exits 1.  The
# oracle's kernel-side stand-ins (oracle/stand/) and the fake kernel tree
# of its tests (tests/oracle/) keep the kernel's layout and are left alone.
# clang-format 14 (Debian bookworm, `make deps`) is the reference: another
# version may lay out a few lines differently, so --check names the one used.
set -u
cf=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$cf" ]; then
	echo "tools/format.sh: clang-format not found (make deps installs it)" >&2
	exit 2
fi
files=$(git ls-files '*.c' '*.h' | grep -v '^oracle/stand/\|^tests/oracle/')
if [ "${1:-}" != "--check" ]; then
	# shellcheck disable=SC2086
	"$cf" -i $files
	exit 0
fi
bad=0
for f in $files; do
	if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "format: $f differs from .clang-format (sh tools/format.sh fixes it)"
		bad=$((bad + 1))
	fi
done
echo "format: $(echo "$files" | wc -l) files, $bad to reformat ($("$cf" --version | sed 's/.*version \([0-9.]*\).*/clang-format \1/'))"
[ "$bad" -eq 0 ]
