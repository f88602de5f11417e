#!/usr/bin/env python3
"""Times one command: warm-up runs (not kept), then RUNS timed runs, each a fork and exec with
no shell in between. Appends one JSON line to the results file:

  suite, case, size, tool, command, runs, median/mean/stddev/min/max seconds, every sample,
  peak RSS (the largest ru_maxrss the kernel reported for a timed run, in KiB: the figure
  /usr/bin/time -v prints as "Maximum resident set size"), the exit codes seen, and the load
  average before and after; and the CPU time (user + system, the process and the children it
  waited for) of each run, which other load on the machine inflates much less than wall time.

  measure.py --results FILE --suite S --case C --size N --tool T [--runs R] [--warmup W]
             [--prepare 'CMD'] [--ok 0,1] [--cwd DIR] [--env K=V] -- COMMAND [ARG...]

--prepare runs (through sh, untimed) before every run, warm-ups included. With --ab-state FILE,
every run (warm-ups included) flips the letter FILE holds between a and b and replaces {AB} in
the command with the new letter: a cluster moved from one state to the other on each run. A command whose exit
code is not in --ok (default 0) fails the measurement (its stderr is shown) and exits 1.

--server-pids PID,PID,... adds the CPU time those processes (the control planes' kube-apiserver
and etcd, say) spent during each timed run, read from /proc before and after it: the work a
command caused on the servers it asked, which shares the machine's cores with the command itself
when both run on one machine. A pid that is gone counts nothing.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_of(pids):
    """user + system seconds of the given processes so far (those still running)"""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / CLK_TCK


def run_once(cmd, cwd, env):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # Read stderr while waiting, so a chatty command never blocks on a full pipe.
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)
    return t1 - t0, p.returncode, ru.ru_maxrss, err.decode(errors="replace"), ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--suite", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--prepare")
    ap.add_argument("--ok", default="0")
    ap.add_argument("--cwd")
    ap.add_argument("--env", action="append", default=[])
    ap.add_argument("--note", default="")
    ap.add_argument("--ab-state")
    ap.add_argument("--server-pids", default="")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command and a.command[0] == "--" else a.command
    if not cmd:
        ap.error("no command")
    ok = {int(x) for x in a.ok.split(",")}
    env = dict(os.environ)
    for kv in a.env:
        k, _, v = kv.partition("=")
        env[k] = v

    def prepare():
        if a.prepare:
            subprocess.run(a.prepare, shell=True, check=True, cwd=a.cwd, env=env,
                           stdout=subprocess.DEVNULL)
        if not a.ab_state:
            return cmd
        with open(a.ab_state) as f:
            letter = "b" if f.read().strip() == "a" else "a"
        with open(a.ab_state, "w") as f:
            f.write(letter + "\n")
        return [x.replace("{AB}", letter) for x in cmd]

    load_before = loadavg()
    for _ in range(a.warmup):
        _, code, _, err, _ = run_once(prepare(), a.cwd, env)
        if code not in ok:
            sys.stderr.write(f"measure: warm-up of {' '.join(cmd)} exited {code}:\n{err[-3000:]}\n")
            sys.exit(1)
    server_pids = [int(x) for x in a.server_pids.split(",") if x]
    samples, cpu, rss, codes, server = [], [], [], set(), []
    for _ in range(a.runs):
        this = prepare()
        before = cpu_of(server_pids)
        secs, code, maxrss, err, cpusecs = run_once(this, a.cwd, env)
        server.append(cpu_of(server_pids) - before)
        if code not in ok:
            sys.stderr.write(f"measure: {' '.join(cmd)} exited {code}:\n{err[-3000:]}\n")
            sys.exit(1)
        codes.add(code)
        samples.append(secs)
        cpu.append(cpusecs)
        rss.append(maxrss)
    load_after = loadavg()
    row = {
        "suite": a.suite, "case": a.case, "size": a.size, "tool": a.tool,
        "command": " ".join(cmd), "runs": len(samples),
        "median": statistics.median(samples), "mean": statistics.fmean(samples),
        "stddev": statistics.stdev(samples) if len(samples) > 1 else 0.0,
        "min": min(samples), "max": max(samples), "samples": samples,
        "cpu_median": statistics.median(cpu), "cpu_min": min(cpu),
        "peak_rss_kib": max(rss), "exit_codes": sorted(codes),
        **({"server_cpu_median": statistics.median(server), "server_pids": len(server_pids)} if server_pids else {}),
        "load_before": load_before, "load_after": load_after,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "note": a.note,
    }
    with open(a.results, "a") as f:
        f.write(json.dumps(row) + "\n")
    print(f"  {a.suite:<9} {a.case:<18} {a.size:>6} {a.tool:<8} median {row['median']*1e3:10.1f} ms"
          f"  [{row['min']*1e3:.1f} .. {row['max']*1e3:.1f}]  sd {row['stddev']*1e3:7.1f}"
          f"  cpu {row['cpu_median']*1e3:8.1f} ms"
          + (f" (servers {row['server_cpu_median']*1e3:.1f} ms)" if server_pids else "")
          + f"  peak {row['peak_rss_kib']/1024:6.1f} MiB  load {load_before[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
