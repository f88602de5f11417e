#!/usr/bin/env python3
"""Unit tests of the rollout suite's critical path (graph.py and critical_path.py): the figure
every rollout ratio in docs/performance.md is divided by, so a wrong schedule would make every
ratio wrong. Run by ctest (`bench: critical path`) or `python3 -m unittest` in this folder."""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import graph  # noqa: E402


class Duration(unittest.TestCase):
    def test_units(self):
        self.assertEqual(graph.duration("2500ms"), 2.5)
        self.assertEqual(graph.duration("2.5s"), 2.5)
        self.assertEqual(graph.duration("1m"), 60.0)

    def test_rejects_what_is_not_a_duration(self):
        for bad in ("", "2", "2h", "s", "-1s", "1.5 s"):
            with self.assertRaises(ValueError, msg=bad):
                graph.duration(bad)


class Layers(unittest.TestCase):
    def test_depth_orders_dependencies_first(self):
        deps = {"web": ["cart", "auth"], "cart": ["db"], "auth": [], "db": []}
        self.assertEqual(graph.layers(deps), [["auth", "db"], ["cart"], ["web"]])

    def test_a_cycle_is_named(self):
        with self.assertRaisesRegex(ValueError, "dependency cycle: a -> b -> a"):
            graph.layers({"a": ["b"], "b": ["a"]})

    def test_empty(self):
        self.assertEqual(graph.layers({}), [])


class CriticalPath(unittest.TestCase):
    def test_a_chain_takes_the_sum_of_its_delays(self):
        deps = {"a": [], "b": ["a"], "c": ["b"]}
        cost = {"a": 1.0, "b": 2.0, "c": 3.0}
        self.assertEqual(graph.critical_path(deps, cost, 4), (6.0, 6.0))

    def test_slots_bound_independent_services(self):
        deps = {s: [] for s in "abcd"}
        cost = {s: 1.0 for s in "abcd"}
        self.assertEqual(graph.critical_path(deps, cost, 2), (2.0, 1.0))
        self.assertEqual(graph.critical_path(deps, cost, 1), (4.0, 1.0))
        # no limit: the longest chain
        self.assertEqual(graph.critical_path(deps, cost, 0), (1.0, 1.0))

    def test_a_diamond_with_one_slot_runs_one_after_another(self):
        deps = {"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]}
        cost = {"a": 1.0, "b": 2.0, "c": 3.0, "d": 1.0}
        # one slot: a, b, c, d in turn; the chain a-c-d is 5
        self.assertEqual(graph.critical_path(deps, cost, 1), (7.0, 5.0))
        # two slots: b and c side by side after a
        self.assertEqual(graph.critical_path(deps, cost, 2), (5.0, 5.0))

    def test_ready_services_are_taken_first_come_then_by_name(self):
        # one slot: x and y are ready at once, x by name first (0-5), then y (5-6), then z (6-7)
        deps = {"x": [], "y": [], "z": ["y"]}
        cost = {"x": 5.0, "y": 1.0, "z": 1.0}
        self.assertEqual(graph.critical_path(deps, cost, 1), (7.0, 5.0))

    def test_a_service_that_does_not_change_costs_nothing_but_still_orders(self):
        deps = {"db": [], "cart": ["db"], "web": ["cart"]}
        cost = {"db": 4.0, "cart": 0.0, "web": 2.0}
        self.assertEqual(graph.critical_path(deps, cost, 4), (6.0, 6.0))

    def test_never_below_the_chain_nor_the_work_over_the_slots(self):
        # a wider generated graph: the schedule is a floor between two simple bounds
        deps, cost = {}, {}
        for i in range(40):
            name = f"s{i:02d}"
            deps[name] = [f"s{j:02d}" for j in range(max(0, i - 3), i) if (i + j) % 3 == 0]
            cost[name] = 1.0 + (i * 7 % 5) * 0.5
        for slots in (1, 2, 4, 8):
            makespan, chain = graph.critical_path(deps, cost, slots)
            self.assertGreaterEqual(makespan + 1e-9, chain)
            self.assertGreaterEqual(makespan + 1e-9, sum(cost.values()) / slots)
            self.assertLessEqual(makespan, sum(cost.values()) + 1e-9)
        self.assertAlmostEqual(graph.critical_path(deps, cost, 1)[0], sum(cost.values()))

    def test_empty(self):
        self.assertEqual(graph.critical_path({}, {}, 4), (0.0, 0.0))


MANIFEST = textwrap.dedent("""\
    apiVersion: vsctl.dev/v1
    kind: Architecture
    metadata: {{ name: t }}
    spec:
      services:
        db:
          version: 1.0.0
          patches:
            - target: {{ kind: StatefulSet }}
              patch: {{ spec: {{ template: {{ metadata: {{ annotations: {{ vsctl-test/ready-after: 3s }} }} }} }} }}
        cart:
          version: {cart}
          dependsOn: {{ db: ">=1.0.0" }}
          patches:
            - target: {{ kind: Deployment }}
              patch: {{ spec: {{ template: {{ metadata: {{ annotations: {{ vsctl-test/ready-after: 2500ms }} }} }} }} }}
        web:
          version: {web}
          dependsOn: {{ cart: ">=1.0.0" }}
    """)


class Command(unittest.TestCase):
    def run_cli(self, *args):
        out = subprocess.run([sys.executable, os.path.join(HERE, "critical_path.py"), *args],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    def test_from_nothing_and_from_an_older_set(self):
        with tempfile.TemporaryDirectory() as d:
            old, new = os.path.join(d, "old.yaml"), os.path.join(d, "new.yaml")
            with open(old, "w") as f:
                f.write(MANIFEST.format(cart="1.0.0", web="1.0.0"))
            with open(new, "w") as f:
                f.write(MANIFEST.format(cart="1.1.0", web="1.0.0"))
            # from nothing: db 3 s, cart 2.5 s, web without a delay
            self.assertEqual(self.run_cli(new), {
                "critical_path_s": 5.5, "longest_chain_s": 5.5, "concurrency": 4, "services": 3,
                "rolled": 2, "delay_sum_s": 5.5})
            # from the older set only cart rolls
            got = self.run_cli(new, "--from", old, "--concurrency", "1")
            self.assertEqual((got["critical_path_s"], got["rolled"], got["delay_sum_s"]), (2.5, 1, 2.5))


if __name__ == "__main__":
    unittest.main()
