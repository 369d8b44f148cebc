#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/schema.sh GEMSIM - docs/scenario.schema.json is what tools/schema.py
# makes from this gemsim's loader today (`make schema` refreshes it), every
# shipped scenario validates against it, and files with an unknown key do
# not (with Debian's python3-jsonschema, which `make deps` installs).
set -u
name=schema
. tests/lib.sh
dir=$tmp
ko() { bad "$@"; }
gemsim=$1

if python3 tools/schema.py "$gemsim" "$dir/s.json" && cmp -s "$dir/s.json" docs/scenario.schema.json
then ok; else ko "docs/scenario.schema.json is not current (make schema)"; fi

py=/usr/bin/python3
if ! "$py" -c 'import jsonschema' 2>/dev/null; then
	echo "schema: python3-jsonschema is not installed: validation skipped (make deps)"
else
	"$py" - docs/scenario.schema.json "$dir/out" <<'PY'
import glob, json, sys
import jsonschema
v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
out = open(sys.argv[2], "w")
good = sorted(glob.glob("scenarios/*.json") + glob.glob("scenarios/*/*.json") +
              [f for f in glob.glob("docs/examples/*.json") if "typo" not in f])
bad = ["docs/examples/typo.json"] + sorted(glob.glob("tests/bad/unknown-*.json"))
for f in good:
    doc = json.load(open(f))
    if "question" in doc:
        continue  # a study file (docs/studies.md), not a scenario
    errs = list(v.iter_errors(doc))
    out.write("%s %s %s\n" % ("ok" if not errs else "ko", f,
                              errs[0].message[:160] if errs else "validates"))
for f in bad:
    try:
        doc = json.load(open(f))
    except ValueError:
        continue
    out.write("%s %s %s\n" % ("ok" if not v.is_valid(doc) else "ko", f,
                              "is refused" if not v.is_valid(doc) else "validates, with an unknown key"))
PY
	while read -r verdict f why; do
		[ "$verdict" = ok ] && ok || ko "$f: $why"
	done <"$dir/out"
	[ -s "$dir/out" ] || ko "the validator checked nothing"
fi
finish
