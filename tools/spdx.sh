#!/bin/sh
# SPDX-License-Identifier: MIT
# tools/spdx.sh [--fix] - every source file carries its license line
# (LICENSE: MIT) within its first three lines: C sources and headers, shell
# and Python scripts, the Makefile.  Lists the files that lack it and fails;
# --fix adds it (C: a first-line comment; scripts: after the #! line).
set -u
fix=0
[ "${1:-}" = --fix ] && fix=1
missing=0
files=$(git ls-files '*.c' '*.h' '*.sh' '*.py' '*.bash' 'Makefile' 'tools/completion/_gemsim' \
	2>/dev/null)
for f in $files; do
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: MIT' && continue
	if [ "$fix" -eq 0 ]; then
		echo "spdx: $f has no SPDX-License-Identifier line"
		missing=$((missing + 1))
		continue
	fi
	case $f in
	*.c) line='// SPDX-License-Identifier: MIT' ;;
	*.h) line='/* SPDX-License-Identifier: MIT */' ;;
	*) line='# SPDX-License-Identifier: MIT' ;;
	esac
	if head -n 1 "$f" | grep -q '^#!\|^#compdef'; then
		{ head -n 1 "$f"; echo "$line"; tail -n +2 "$f"; } >"$f.spdx"
	else
		{ echo "$line"; cat "$f"; } >"$f.spdx"
	fi
	chmod --reference="$f" "$f.spdx" 2>/dev/null
	mv "$f.spdx" "$f"
done
[ "$fix" -eq 1 ] && exit 0
echo "spdx: $(echo "$files" | wc -w) files, $missing without the license line"
[ "$missing" -eq 0 ]
