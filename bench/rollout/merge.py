#!/usr/bin/env python3
"""Folds single-run measurements (measure.py --runs 1, taken in alternating order across the
tools) into one results row per suite, case, size and tool, with every sample, and the
scenario's critical path:

  merge.py SAMPLES.jsonl RESULTS.jsonl CRITICAL_PATH.json [NOTE]
"""
import json
import statistics
import sys


def main():
    samples_path, results_path, cp_path = sys.argv[1:4]
    note = sys.argv[4] if len(sys.argv) > 4 else ""
    cp = json.load(open(cp_path)) if cp_path != "-" else {}
    groups = {}
    for line in open(samples_path):
        if line.strip():
            r = json.loads(line)
            groups.setdefault((r["suite"], r["case"], r["size"], r["tool"]), []).append(r)
    with open(results_path, "a") as out:
        for (suite, case, size, tool), rs in groups.items():
            s = [x for r in rs for x in r["samples"]]
            cpu = [r["cpu_median"] for r in rs]
            row = {
                "suite": suite, "case": case, "size": size, "tool": tool, "command": rs[0]["command"],
                "runs": len(s), "median": statistics.median(s), "mean": statistics.fmean(s),
                "stddev": statistics.stdev(s) if len(s) > 1 else 0.0, "min": min(s), "max": max(s),
                "samples": s, "cpu_median": statistics.median(cpu), "cpu_min": min(cpu),
                "peak_rss_kib": max(r["peak_rss_kib"] for r in rs),
                "exit_codes": sorted({c for r in rs for c in r["exit_codes"]}),
                "load_before": rs[0]["load_before"], "load_after": rs[-1]["load_after"],
                "time": rs[-1]["time"], "note": note,
            }
            row.update({k: cp[k] for k in ("critical_path_s", "longest_chain_s", "concurrency", "rolled") if k in cp})
            out.write(json.dumps(row) + "\n")
            print(f"  {suite:<9} {case:<18} {size:>6} {tool:<8} median {row['median']:8.2f} s  "
                  f"[{row['min']:.2f} .. {row['max']:.2f}]  cpu {row['cpu_median']:.2f} s"
                  + (f"  critical path {cp['critical_path_s']:.1f} s" if cp.get("critical_path_s") else ""), flush=True)


if __name__ == "__main__":
    main()
