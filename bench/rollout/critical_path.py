#!/usr/bin/env python3
"""Prints the critical path of a rollout as JSON: the list-scheduling makespan with vsctl's
--concurrency slots over the dependency graph (each service costs its readiness delay, or nothing
when it does not change), and the longest chain of delays (unlimited slots).

  critical_path.py ARCH [--from OLD_ARCH] [--concurrency 4]

With --from, only the services whose version differs from OLD_ARCH's cost their delay (the
others are steps with nothing to roll out); without it, every service does (a rollout from
nothing). The cost of one step apart from the delay (writing the objects, the watch that sees
the pods Ready) is left out: the figure is a floor.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graph  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("arch")
    ap.add_argument("--from", dest="old")
    ap.add_argument("--concurrency", type=int, default=4)
    a = ap.parse_args()
    deps, delay, version = graph.load(a.arch)
    cost = dict(delay)
    if a.old:
        _, _, old_version = graph.load(a.old)
        cost = {s: (d if old_version.get(s) != version[s] else 0.0) for s, d in delay.items()}
    makespan, chain = graph.critical_path(deps, cost, a.concurrency)
    print(json.dumps({"critical_path_s": round(makespan, 3), "longest_chain_s": round(chain, 3),
                      "concurrency": a.concurrency, "services": len(deps),
                      "rolled": sum(1 for c in cost.values() if c > 0),
                      "delay_sum_s": round(sum(cost.values()), 3)}))


if __name__ == "__main__":
    main()
