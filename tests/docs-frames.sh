#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/docs-frames.sh GEMSIM-VIEW - the committed pictures of docs/img are
# what the viewer draws today: made again in a temporary folder by
# tools/docs-frames.sh and compared byte for byte (`make docs-frames`
# refreshes them after a change to the viewer).
set -u
name=docs-frames
. tests/lib.sh
dir=$tmp
ko() { bad "$@"; }
view=$1
if ! sh tools/docs-frames.sh "$view" "$dir"; then
	ko "tools/docs-frames.sh did not run"
	finish
	exit 1
fi
for f in "$dir"/*.png; do
	n=$(basename "$f")
	cmp -s "$f" "docs/img/$n" && ok ||
		ko "docs/img/$n is not what the viewer draws now (make docs-frames)"
done
for f in docs/img/view-*.png; do
	[ -e "$dir/$(basename "$f")" ] || ko "$f is made by nothing in tools/docs-frames.sh"
done
finish
