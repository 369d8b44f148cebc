#!/bin/sh
# tests/docs-frames.sh GEMSIM-VIEW - the committed pictures of docs/img are
# what the viewer draws today: made again in a temporary folder by
# tools/docs-frames.sh and compared byte for byte (`make docs-frames`
# refreshes them after a change to the viewer).
set -u
view=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/gemsim-docs-frames.XXXXXX")
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
if ! sh tools/docs-frames.sh "$view" "$dir"; then
	echo "docs-frames FAILED: tools/docs-frames.sh did not run"
	exit 1
fi
for f in "$dir"/*.png; do
	n=$(basename "$f")
	if cmp -s "$f" "docs/img/$n"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "docs-frames FAILED: docs/img/$n is not what the viewer draws now (make docs-frames)"
	fi
done
for f in docs/img/view-*.png; do
	[ -e "$dir/$(basename "$f")" ] || {
		fail=$((fail + 1))
		echo "docs-frames FAILED: $f is made by nothing in tools/docs-frames.sh"
	}
done
echo "docs-frames: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
