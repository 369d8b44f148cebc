# SPDX-License-Identifier: MIT
"""tests/api/test_gemsim.py - the Python package (python/gemsim) over
libgemsim.so: plain dicts out, errors as GemsimError, the same numbers as
`gemsim run --json`.  Run by tests/api.sh with unittest."""
import json
import os
import subprocess
import sys
import unittest

import gemsim

SCEN = "scenarios/purge-before-evict.json"


class GemsimTest(unittest.TestCase):
    def test_a_run_gives_the_counters_gemsim_run_prints(self):
        with gemsim.Scenario(SCEN) as g:
            self.assertEqual(g.run(), 0)
            stats = g.stats()
        cli = json.loads(subprocess.run([os.environ["GEMSIM"], "run", SCEN, "--json"],
                                        check=True, capture_output=True).stdout)
        self.assertEqual(stats["pages_purged"], 16)
        for k, v in cli["stats"].items():
            self.assertEqual(stats[k], v, k)

    def test_objects_and_events_are_plain_dicts(self):
        with gemsim.Scenario(SCEN) as g:
            code, events = g.run(events=True)
            objs = {o["name"]: o for o in g.objects()}
        self.assertEqual(code, 0)
        self.assertEqual([e["op"] for e in events][-2:], ["shrink", "shrink"])
        self.assertEqual(objs["bo1"]["madv"], "purged")
        self.assertTrue(objs["bo0"]["evicted"])
        self.assertEqual(objs["bo0"]["swapped_pages"], 16)

    def test_set_changes_the_run_and_bad_keys_are_errors(self):
        g = gemsim.Scenario(SCEN)
        with self.assertRaises(gemsim.GemsimError) as e:
            g.set("policy.frobnicate=1")
        self.assertIn("frobnicate", str(e.exception))
        g.set("policy.purge_first=false")
        g.run_until(15000)
        # one mixed pass in list order: the older bo0 is evicted first
        self.assertEqual(g.stats()["pages_purged"], 0)
        self.assertEqual(g.stats()["pages_evicted"], 16)
        g.close()

    def test_a_bad_scenario_says_where(self):
        with self.assertRaises(gemsim.GemsimError) as e:
            gemsim.Scenario(text='{"version": 1, "events": [],\n "memory": 3}', name="bad.json")
        self.assertTrue(str(e.exception).startswith("bad.json:2:"), str(e.exception))

    def test_latencies_and_run_until(self):
        with gemsim.Scenario(SCEN) as g:
            self.assertFalse(g.run_until(15000))
            self.assertEqual(g.stats()["pages_evicted"], 0)
            g.run()
            self.assertEqual(g.latencies()["reclaim"]["count"], 2)

    def test_to_pandas_needs_pandas(self):
        with gemsim.Scenario(SCEN) as g:
            g.run()
            try:
                import pandas  # noqa: F401
            except ImportError:
                with self.assertRaises(ImportError):
                    g.to_pandas()
            else:
                self.assertEqual(len(g.to_pandas()), 2)


if __name__ == "__main__":
    sys.exit(unittest.main())
