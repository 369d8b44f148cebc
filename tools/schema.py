#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tools/schema.py GEMSIM [OUT] - the JSON Schema of scenario files
(docs/scenario.schema.json), made from the loader itself so the two cannot
drift: each block's keys are the ones gemsim names when it refuses an
unknown key (--set BLOCK.KEY=...), each op's keys the ones it names for an
unknown key in that op's event, the ops from `gemsim list ops`.  Value
types come from the table below (docs/format.md "Units"); a key missing
from it may hold any value.  `make schema` writes it; tests/schema.sh
checks that it is current and that every shipped scenario validates."""
import json
import re
import subprocess
import sys

GEMSIM = sys.argv[1]
BASE = "docs/examples/pin.json"

TIME = {"type": ["number", "string"], "description": "a time: microseconds, or \"40us\", \"1.5ms\""}
SIZE = {"type": ["number", "string"], "description": "a size: bytes, or \"64KiB\", \"1G\""}
COUNT = {"type": "integer", "minimum": 0}
NAME = {"type": "string", "maxLength": 64}
BOOL = {"type": "boolean"}
TYPES = {
    "at": TIME, "start": TIME, "end": TIME, "interval": TIME, "duration": TIME, "period": TIME,
    "busy_wait": {"type": ["number", "string"]},
    "page_alloc": TIME, "swap_out": TIME, "swap_in": TIME, "zap": TIME, "tlb_flush": TIME,
    "fault": TIME, "scan_object": TIME,
    "size": SIZE, "ram": SIZE, "swap": SIZE,
    "ram_pages": COUNT, "swap_pages": COUNT, "page_size": COUNT, "pages": {},
    "count": COUNT, "nr": COUNT, "seed": COUNT, "version": {"const": 1},
    "name": NAME, "bo": NAME, "map": NAME, "vm": NAME, "buf": NAME, "att": NAME,
    "device": NAME, "child": NAME, "description": {"type": "string"},
    "text": {"type": "string", "minLength": 1}, "pause": BOOL, "heap": BOOL,
    "shrinker": {"type": ["boolean", "string"]}, "write": BOOL, "private": BOOL,
    "vmap_pins": BOOL, "attach_pins": BOOL, "purge_first": BOOL, "evict": BOOL,
    "reclaim_pinned": BOOL,
    "view": {"enum": ["frames", "owners", "objects", "holders", "lists"]},
    "that": {"type": "object"}, "bos": {"type": "array", "items": NAME},
}


def refused(*sets):
    """The "expected one of: a, b" list gemsim names for a --set."""
    args = [GEMSIM, "run", BASE]
    for s in sets:
        args += ["--set", s]
    out = subprocess.run(args, capture_output=True, text=True).stderr
    m = re.search(r"\(expected one of: ([^)]*)\)", out) or \
        re.search(r"\(expected ((?:[a-z_]+(?:, | or ))*[a-z_]+)\)", out)
    if not m:
        sys.exit("tools/schema.py: no key list in: " + out.strip())
    return [k.strip() for k in re.split(r", | or ", m.group(1))]


def block(keys, required=()):
    # "x-..." keys carry the user's own notes, in any block (docs/format.md)
    return {"type": "object", "additionalProperties": False,
            "patternProperties": {"^x-": {}},
            "properties": {k: TYPES.get(k, {}) for k in keys},
            **({"required": list(required)} if required else {})}


def lines(*args):
    """The first word of each line gemsim prints for ARGS."""
    out = subprocess.run([GEMSIM] + list(args), capture_output=True, text=True,
                         check=True).stdout.split("\n")
    return [x.split()[0] for x in out if x.strip() and not x.startswith(" ")]


def main():
    kernels = lines("list", "kernels")
    TYPES["kernel"] = {"enum": kernels}
    TYPES["kernels"] = {"type": "array", "items": {"enum": kernels}}
    top = refused("zzzq=1")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://gemsim.invalid/scenario.schema.json",
        "title": "gemsim scenario (docs/format.md)",
        "description": "Made by tools/schema.py from the loader's own key lists; "
                       "the loader's messages stay the reference for what a value may be.",
        **block(top, ["version"]),
    }
    p = schema["properties"]
    p["memory"] = block(refused("memory.zzzq=1"))
    p["costs"] = block(refused("costs.zzzq=1"))
    p["model"] = block(refused("model.zzzq=1"))
    pol = block(refused("policy.zzzq=1"))
    for sub in ("watermarks", "vmscan"):  # the policy's own blocks
        if sub in pol["properties"]:
            pol["properties"][sub] = block(refused('policy.%s={"zzzq":1}' % sub))
    p["policy"] = pol
    p["devices"] = {"type": "array", "items": block(refused('devices+={"name":"g","zzzq":1}'))}
    p["vms"] = {"type": "array", "items": block(refused('vms+={"name":"v","zzzq":1}'))}
    p["objects"] = {"type": "array", "items": block(refused("objects.0.zzzq=1"), ["name"])}
    p["captions"] = {"type": "array",
                     "items": block(refused('captions+={"at":0,"text":"x","zzzq":1}'), ["at", "text"])}
    exp = block(refused("expect.0.zzzq=1"), ["at", "that"])
    # "that": OBJECT.FIELD, VM.mapped_pages, stats.NAME, violations, warnings;
    # a value is a number, a word (madv) or a range {"min", "max"}
    fields = refused('expect+={"at":"end","that":{"bo0.zzzq":1}}')
    stats = lines("list", "stats")
    rng = {"type": "object", "additionalProperties": False,
           "properties": {"min": {"type": "number"}, "max": {"type": "number"}}}
    value = {"type": ["number", "string", "boolean"]}
    # a value per kernel: {"v19": 3, "mainline": 1} (docs/format.md)
    per_kernel = {"type": "object", "additionalProperties": False,
                  "properties": {k: {"anyOf": [value, rng]} for k in kernels}}
    exp["properties"]["that"] = {
        "type": "object",
        "propertyNames": {"pattern": "^(violations|warnings|stats\\.(%s)|[^.]+\\.(%s|mapped_pages))$"
                          % ("|".join(stats), "|".join(fields))},
        "additionalProperties": {"anyOf": [value, rng, per_kernel]},
    }
    p["expect"] = {"type": "array", "items": exp}
    ops = lines("list", "ops")
    variants = []
    for op in ops:
        keys = refused('events+={"at":0,"op":"%s","zzzq":1}' % op)
        ev = block(keys, ["at", "op"])
        ev["properties"]["op"] = {"const": op}
        variants.append(ev)
    p["events"] = {"type": "array", "items": {"oneOf": variants}}
    wls = []
    for t in refused('workloads+={"type":"zzzq"}'):
        w = block(refused('workloads+={"type":"%s","zzzq":1}' % t), ["type"])
        w["properties"]["type"] = {"const": t}
        wls.append(w)
    p["workloads"] = {"type": "array", "items": {"oneOf": wls}}
    p["end"] = TIME
    p["seed"] = COUNT
    text = json.dumps(schema, indent=1, sort_keys=False) + "\n"
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


main()
