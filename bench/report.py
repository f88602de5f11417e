#!/usr/bin/env python3
"""Turns bench/run's results into tables, target checks and plots.

  report.py DIR [MORE.jsonl ...] [--docs DOCDIR]

Reads DIR/results.jsonl, then each MORE file (a later row for the same suite, case, size and
tool replaces an earlier one), writes DIR/results.csv and DIR/summary.md (also printed), and
plots every operation's scaling with gnuplot into DIR/*.svg (and DOCDIR/*.svg with --docs).
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

# The reference tool of each suite, and which suite's rows hold it when it is not its own.
REFERENCE = {"render": "yaml-cpp", "validate": "yaml-cpp", "log": "git", "diff": "kubectl",
             "apply": "kubectl", "status": "kubectl", "fleet": "one-cluster"}
REF_SUITE = {"validate": "render"}
REF_CASE = {"validate": "render"}
# Floors (vsctl does more than they do): the ratio is vsctl / floor. Peers: peer / vsctl.
FLOOR = {"render", "validate", "log", "fleet"}
ORDER = ["render", "validate", "log", "rollback", "diff", "apply", "plan", "status", "fleet"]
# The rollout suite: its scenarios, and its tools in the order the table lists them.
ROLLOUT_CASES = ["provision", "10% bump", "no-op"]
ROLLOUT_TOOLS = ["vsctl", "helmfile", "helm", "kubectl"]


def load(paths):
    rows = {}
    for p in paths:
        if not os.path.exists(p):
            continue
        for line in open(p):
            if line.strip():
                r = json.loads(line)
                rows[(r["suite"], r["case"], r["size"], r["tool"])] = r
    return rows


def ms(x):
    return f"{x * 1e3:.0f}" if x >= 0.1 else f"{x * 1e3:.1f}" if x >= 0.001 else f"{x * 1e3:.2f}"


def cpu(r):
    return ms(r["cpu_median"]) if r and "cpu_median" in r else "-"


def mib(kib):
    return f"{kib / 1024:.1f}" if kib else "-"


def reference_row(rows, r):
    tool = REFERENCE.get(r["suite"])
    if not tool:
        return None
    if r["suite"] == "validate" and r["case"] != "validate":
        return None
    suite = REF_SUITE.get(r["suite"], r["suite"])
    case = REF_CASE.get(r["suite"], r["case"])
    return rows.get((suite, case, r["size"], tool))


def tables(rows):
    out = []
    vs = sorted((r for r in rows.values() if r["tool"] == "vsctl" and r["suite"] != "rollout"),
                key=lambda r: (ORDER.index(r["suite"]) if r["suite"] in ORDER else 99, r["case"], r["size"]))
    current = None
    for r in vs:
        if (r["suite"], r["case"]) != current:
            current = (r["suite"], r["case"])
            ref = REFERENCE.get(r["suite"], "")
            if reference_row(rows, r) is None and not any(reference_row(rows, x) for x in vs if (x["suite"], x["case"]) == current):
                ref = ""
            out.append(f"\n### {r['suite']}: {r['case']}\n")
            ratio = f"vsctl / {ref}" if r["suite"] in FLOOR else f"{ref} / vsctl"
            if ref:
                out.append(f"| size | vsctl median ms | vsctl min..max ms | sd | vsctl cpu ms | {ref} median ms | "
                           f"{ref} min..max ms | {ref} cpu ms | {ratio} | vsctl peak MiB | {ref} peak MiB | runs | load |")
                out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            else:
                out.append("| size | vsctl median ms | vsctl min..max ms | sd | vsctl cpu ms | vsctl peak MiB | runs | load | note |")
                out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        load = f"{r['load_before'][0]:.1f}"
        k = reference_row(rows, r)
        if ref:
            if k:
                q = r["median"] / k["median"] if r["suite"] in FLOOR else k["median"] / r["median"]
                out.append(f"| {r['size']} | {ms(r['median'])} | {ms(r['min'])}..{ms(r['max'])} | {ms(r['stddev'])} | {cpu(r)} | "
                           f"{ms(k['median'])} | {ms(k['min'])}..{ms(k['max'])} | {cpu(k)} | {q:.2f}x | "
                           f"{mib(r['peak_rss_kib'])} | {mib(k['peak_rss_kib'])} | {r['runs']} | {load} |")
            else:
                out.append(f"| {r['size']} | {ms(r['median'])} | {ms(r['min'])}..{ms(r['max'])} | {ms(r['stddev'])} | {cpu(r)} | "
                           f"- | - | - | - | {mib(r['peak_rss_kib'])} | - | {r['runs']} | {load} |")
        else:
            out.append(f"| {r['size']} | {ms(r['median'])} | {ms(r['min'])}..{ms(r['max'])} | {ms(r['stddev'])} | {cpu(r)} | "
                       f"{mib(r['peak_rss_kib'])} | {r['runs']} | {load} | {r.get('note', '')} |")
    return out


def secs(x):
    return f"{x:.2f}" if x < 10 else f"{x:.1f}"


def rollout_rows(rows):
    """The rollout suite's rows by (case, size): {tool: row}, scenarios in ROLLOUT_CASES order."""
    by = {}
    for r in rows.values():
        if r["suite"] == "rollout":
            by.setdefault((r["case"], r["size"]), {})[r["tool"]] = r
    rank = {c: i for i, c in enumerate(ROLLOUT_CASES)}
    return sorted(by.items(), key=lambda kv: (kv[0][1], rank.get(kv[0][0], 99), kv[0][0]))


def rollout_table(rows):
    """One line per scenario, size and tool: median wall time, its ratio to the scenario's
    critical path, and its ratio to vsctl (tool / vsctl: above 1 means vsctl is faster)."""
    groups = rollout_rows(rows)
    if not groups:
        return []
    out = ["\n### rollout: ordered rollouts against the peers\n",
           "| scenario | size | tool | median s | min..max s | cpu s | critical path s | / critical path | / vsctl | runs | load |",
           "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    rank = {t: i for i, t in enumerate(ROLLOUT_TOOLS)}
    for (case, size), tools in groups:
        v = tools.get("vsctl")
        for t in sorted(tools, key=lambda t: (rank.get(t, 99), t)):
            r = tools[t]
            cp = r.get("critical_path_s") or 0
            to_cp = f"{r['median'] / cp:.2f}x" if cp else "-"
            to_vs = f"{r['median'] / v['median']:.2f}x" if v else "-"
            out.append(f"| {case} | {size} | {t} | {secs(r['median'])} | {secs(r['min'])}..{secs(r['max'])} | "
                       f"{secs(r['cpu_median'])} | {secs(cp) if cp else '-'} | {to_cp} | {to_vs} | "
                       f"{r['runs']} | {r['load_before'][0]:.1f} |")
    return out


def targets(rows):
    out = ["| target | measured | verdict |", "| --- | --- | --- |"]

    def get(suite, case, size, tool="vsctl"):
        return rows.get((suite, case, size, tool))

    def ratio_target(name, suite, case, size, want):
        v, k = get(suite, case, size), get(suite, case, size, "kubectl")
        if not (v and k):
            out.append(f"| {name} | not measured | - |")
            return
        r = k["median"] / v["median"]
        verdict = "met" if r >= want else f"missed by {want / r:.1f}x"
        out.append(f"| {name} | {r:.1f}x ({ms(v['median'])} ms vs {ms(k['median'])} ms) | {verdict} |")

    def time_target(name, row, limit_s):
        if not row:
            out.append(f"| {name} | not measured | - |")
            return
        m = row["median"]
        verdict = "met" if m < limit_s else f"missed by {(m / limit_s - 1) * 100:.0f}%"
        extra = f" (cpu {cpu(row)} ms; load {row['load_before'][0]:.1f})" if "cpu_median" in row else f" (load {row['load_before'][0]:.1f})"
        out.append(f"| {name} | {ms(m)} ms{extra} | {verdict} |")

    ratio_target("diff, nothing changed, 500 services: >= 10x faster than kubectl", "diff", "nothing changed", 500, 10)
    ratio_target("diff, 10% changed, 500 services: >= 5x", "diff", "10% changed", 500, 5)
    time_target("no-op apply, 500 services: under 2 s", get("apply", "no-op", 500), 2.0)
    ratio_target("no-op apply, 500 services: >= 5x faster than kubectl apply --server-side", "apply", "no-op", 500, 5)
    time_target("planning 1,000 services (the planner, in one process): under 50 ms", get("plan", "in-process plan", 1000), 0.05)
    time_target("render 1,000 services in one process: under 50 ms", get("render", "render", 1000), 0.05)
    v, g = get("log", "warm", 200), get("log", "warm", 200, "git")
    if v and g:
        r = v["median"] / g["median"]
        out.append(f"| log warm: within 2x of git log | {r:.2f}x of git ({ms(v['median'])} ms vs {ms(g['median'])} ms) | "
                   f"{'met' if r <= 2 else f'missed by {r / 2:.1f}x'} |")
    else:
        out.append("| log warm: within 2x of git log | not measured | - |")
    time_target("log cold: under 5 s", get("log", "cold", 200), 5.0)
    for case in ("one service", "to first commit"):
        time_target(f"rollback closure ({case}), 200 services, warm: under 500 ms", get("rollback", case, 200), 0.5)
    for (case, size), tools in rollout_rows(rows):
        v, h = tools.get("vsctl"), tools.get("helmfile")
        cp = v.get("critical_path_s") if v else None
        if case == "no-op":
            if v and h:
                q = h["median"] / v["median"]
                out.append(f"| rollout no-op, {size} services: >= 10x faster than helmfile sync | {q:.1f}x "
                           f"({secs(v['median'])} s vs {secs(h['median'])} s) | {'met' if q >= 10 else f'missed by {10 / q:.1f}x'} |")
            continue
        if v and cp:
            q = v["median"] / cp
            out.append(f"| rollout {case}, {size} services: <= 1.25x the critical path | {q:.2f}x "
                       f"({secs(v['median'])} s vs {secs(cp)} s) | {'met' if q <= 1.25 else f'missed by {q / 1.25:.2f}x'} |")
        if v and h:
            q = h["median"] / v["median"]
            out.append(f"| rollout {case}, {size} services: >= 3x faster than helmfile with needs: | {q:.2f}x "
                       f"({secs(v['median'])} s vs {secs(h['median'])} s) | {'met' if q >= 3 else f'missed by {3 / q:.1f}x'} |")
    big = [r for r in rows.values() if r["tool"] == "vsctl" and r["peak_rss_kib"]
           and (r["size"] == 1000 or r["suite"] in ("log", "rollback"))]
    if big:
        worst = max(big, key=lambda r: r["peak_rss_kib"])
        over = [f"{r['suite']} {r['case']}" for r in big if r["peak_rss_kib"] > 100 * 1024]
        out.append(f"| peak memory of every command at 1,000 services (log, rollback: 200 x history): under 100 MB | "
                   f"largest {mib(worst['peak_rss_kib'])} MiB ({worst['suite']} {worst['case']}, {worst['size']}) over "
                   f"{len(big)} commands | {'met' if not over else 'missed: ' + ', '.join(over)} |")
    return out


def plots(rows, outdir, docdir):
    if not shutil.which("gnuplot"):
        print("report: gnuplot is missing: no plots", file=sys.stderr)
        return []
    made = []
    keys = sorted({(r["suite"], r["case"]) for r in rows.values() if r["tool"] == "vsctl" and r["suite"] != "rollout"})
    datadir = os.path.join(outdir, "plot")
    os.makedirs(datadir, exist_ok=True)
    for suite, case in keys:
        vs = sorted((r for r in rows.values() if r["suite"] == suite and r["case"] == case and r["tool"] == "vsctl"),
                    key=lambda r: r["size"])
        if len(vs) < 2:
            continue
        slug = f"{suite}-{case}".replace(" ", "-").replace("%", "pct").replace(",", "")
        dat = os.path.join(datadir, slug + ".dat")
        ref = REFERENCE.get(suite)
        with open(dat, "w") as f:
            f.write("# size vsctl_ms vsctl_min vsctl_max ref_ms ref_min ref_max\n")
            for r in vs:
                k = reference_row(rows, r)
                kk = (k["median"] * 1e3, k["min"] * 1e3, k["max"] * 1e3) if k else ("NaN",) * 3
                f.write(f"{r['size']} {r['median'] * 1e3} {r['min'] * 1e3} {r['max'] * 1e3} {kk[0]} {kk[1]} {kk[2]}\n")
        svg = os.path.join(outdir, slug + ".svg")
        lines = [f"'{dat}' using 1:2:3:4 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'vsctl'"]
        if ref and any(reference_row(rows, r) for r in vs):
            lines.append(f"'{dat}' using 1:5:6:7 with yerrorlines lw 2 pt 5 lc rgb '#d62728' title '{ref}'")
        script = f"""
set terminal svg size 640,400 dynamic font 'sans,11' background rgb 'white'
set output '{svg}'
set title '{suite}: {case} (median, min..max)'
set logscale xy
set xlabel 'services'
set ylabel 'milliseconds'
set grid
set key top left
set xtics ({', '.join(str(r['size']) for r in vs)})
set xrange [{vs[0]['size'] / 1.5}:{vs[-1]['size'] * 1.5}]
plot {', '.join(lines)}
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        made.append(svg)
        if docdir:
            os.makedirs(docdir, exist_ok=True)
            shutil.copy(svg, os.path.join(docdir, slug + ".svg"))
    return made


def fleet_table(rows):
    """status --fleet against one cluster's status, with the CPU the command caused on the API
    servers and etcds: when they share the machine's cores with vsctl, the fleet read cannot take
    less wall time than all that CPU over the cores, whatever overlaps."""
    cores = os.cpu_count() or 1
    out = []
    for (suite, case, size, tool), r in sorted(rows.items(), key=lambda kv: kv[0][2]):
        if suite != "fleet" or tool != "vsctl" or "server_cpu_median" not in r:
            continue
        one = rows.get((suite, case, size, "one-cluster"))
        if not one or "server_cpu_median" not in one:
            continue
        if not out:
            out += [f"\n### fleet: CPU on the servers ({cores} cores)\n",
                    "| size | fleet ms | one ms | ratio | fleet cpu ms (vsctl + servers) | one cpu ms (vsctl + servers) "
                    "| fleet's CPU floor ms | floor / one | servers idle, ms of CPU per s |",
                    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        quiet = rows.get((suite, "idle", size, "servers"))
        idle = f"{quiet['server_cpu_median'] / quiet['median'] * 1e3:.0f}" if quiet and quiet.get("median") else "-"
        total = r["cpu_median"] + r["server_cpu_median"]
        floor = total / cores
        out.append(f"| {size} | {ms(r['median'])} | {ms(one['median'])} | {r['median'] / one['median']:.2f}x | "
                   f"{ms(total)} ({ms(r['cpu_median'])} + {ms(r['server_cpu_median'])}) | "
                   f"{ms(one['cpu_median'] + one['server_cpu_median'])} ({ms(one['cpu_median'])} + {ms(one['server_cpu_median'])}) | "
                   f"{ms(floor)} | {floor / one['median']:.2f}x | {idle} |")
    return out


def rollout_plots(rows, outdir, docdir):
    """One grouped bar chart per size: each scenario's median wall time for every tool, and the
    critical path beside them."""
    if not shutil.which("gnuplot"):
        return []
    made = []
    datadir = os.path.join(outdir, "plot")
    os.makedirs(datadir, exist_ok=True)
    sizes = sorted({size for (_, size), _ in rollout_rows(rows)})
    rank = {t: i for i, t in enumerate(ROLLOUT_TOOLS)}
    colors = ["#1f77b4", "#d62728", "#9467bd", "#ff7f0e"]
    for size in sizes:
        groups = [(case, tools) for (case, sz), tools in rollout_rows(rows) if sz == size]
        tools = sorted({t for _, ts in groups for t in ts}, key=lambda t: (rank.get(t, 99), t))
        dat = os.path.join(datadir, f"rollout-{size}.dat")
        with open(dat, "w") as f:
            f.write("# scenario critical_path " + " ".join(tools) + "\n")
            for case, ts in groups:
                cp = (ts.get("vsctl") or {}).get("critical_path_s") or "NaN"
                vals = [str(ts[t]["median"]) if t in ts else "NaN" for t in tools]
                f.write(f'"{case}" {cp} ' + " ".join(vals) + "\n")
        svg = os.path.join(outdir, f"rollout-{size}.svg")
        series = [f"'{dat}' using 2:xtic(1) title 'critical path' lc rgb '#7f7f7f'"]
        for i, t in enumerate(tools):
            series.append(f"'' using {i + 3} title '{t}' lc rgb '{colors[i % len(colors)]}'")
        script = f"""
set terminal svg size 640,400 dynamic font 'sans,11' background rgb 'white'
set output '{svg}'
set title 'rollout, {size} services: median wall time'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel 'seconds'
set grid ytics
set key top right
plot {', '.join(series)}
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)
        made.append(svg)
        if docdir:
            os.makedirs(docdir, exist_ok=True)
            shutil.copy(svg, os.path.join(docdir, f"rollout-{size}.svg"))
    return made


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("more", nargs="*")
    ap.add_argument("--docs")
    a = ap.parse_args()
    rows = load([os.path.join(a.dir, "results.jsonl")] + a.more)
    if not rows:
        sys.exit("report: no results")
    fields = ["suite", "case", "size", "tool", "runs", "median", "mean", "stddev", "min", "max",
              "peak_rss_kib", "load_before", "load_after", "time", "note", "command"]
    with open(os.path.join(a.dir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(fields)
        for r in rows.values():
            w.writerow([" ".join(map(str, r[k])) if isinstance(r[k], list) else r[k] for k in fields])
    text = ["## Targets", ""] + targets(rows) + ["", "## Every figure"] + tables(rows) + fleet_table(rows) + rollout_table(rows)
    made = plots(rows, a.dir, a.docs) + rollout_plots(rows, a.dir, a.docs)
    machine = os.path.join(a.dir, "machine.txt")
    head = open(machine).read().strip().split("\n") if os.path.exists(machine) else []
    summary = "\n".join(["# vsctl benchmarks", ""] + [f"    {x}" for x in head] + [""] + text) + "\n"
    open(os.path.join(a.dir, "summary.md"), "w").write(summary)
    print(summary)
    for m in made:
        print(f"plot: {m}")


if __name__ == "__main__":
    main()
