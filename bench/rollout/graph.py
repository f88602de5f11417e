"""The dependency graph and readiness delays of a generated architecture, read from its manifest:
what the rollout suite's inputs and its critical path are computed from."""
import re

import yaml

READY_AFTER = "vsctl-test/ready-after"


def load(path):
    """Returns (deps, delay, version): each service's dependencies, its pods' readiness delay in
    seconds (0 without the annotation) and its version."""
    spec = yaml.safe_load(open(path))["spec"]
    deps, delay, version = {}, {}, {}
    for name, svc in spec["services"].items():
        deps[name] = sorted((svc.get("dependsOn") or {}).keys())
        version[name] = str(svc.get("version", ""))
        delay[name] = 0.0
        for p in svc.get("patches") or []:
            ann = (((p.get("patch") or {}).get("spec") or {}).get("template") or {}).get("metadata", {}).get("annotations", {})
            if READY_AFTER in ann:
                delay[name] = duration(ann[READY_AFTER])
    return deps, delay, version


def duration(text):
    m = re.fullmatch(r"([0-9.]+)(ms|s|m)", str(text))
    if not m:
        raise ValueError(f"not a duration: {text}")
    return float(m.group(1)) * {"ms": 1e-3, "s": 1.0, "m": 60.0}[m.group(2)]


def layers(deps):
    """Services grouped by depth: layer 0 depends on nothing, layer k on layers below k only.
    Names sorted in each layer. Raises on a cycle."""
    depth = {}

    def visit(s, path):
        if s in depth:
            return depth[s]
        if s in path:
            raise ValueError("dependency cycle: " + " -> ".join(path[path.index(s):] + [s]))
        d = 1 + max((visit(x, path + [s]) for x in deps[s]), default=-1)
        depth[s] = d
        return d

    for s in sorted(deps):
        visit(s, [])
    out = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for s in sorted(deps):
        out[depth[s]].append(s)
    return out


def critical_path(deps, cost, concurrency):
    """The shortest wall time an ordered rollout can take: each service starts once every service
    it depends on is ready and one of `concurrency` slots is free (ready services first-come,
    ties by name, as vsctl picks them), and takes cost[s] seconds. Returns (makespan, longest
    chain); the longest chain is the same with unlimited slots."""
    finish_chain = {}
    for layer in layers(deps):
        for s in layer:
            finish_chain[s] = cost[s] + max((finish_chain[d] for d in deps[s]), default=0.0)
    chain = max(finish_chain.values(), default=0.0)
    if concurrency <= 0:
        return chain, chain
    waiting = {s: set(deps[s]) for s in deps}
    ready = sorted((0.0, s) for s, w in waiting.items() if not w)
    running = []  # (finish time, service)
    done_at, now = {}, 0.0
    dependents = {s: [] for s in deps}
    for s, ds in deps.items():
        for d in ds:
            dependents[d].append(s)
    while ready or running:
        ready.sort()
        while ready and len(running) < concurrency and ready[0][0] <= now:
            _, s = ready.pop(0)
            running.append((now + cost[s], s))
        if not running:
            now = ready[0][0]
            continue
        running.sort()
        now, s = running.pop(0)
        done_at[s] = now
        for t in dependents[s]:
            waiting[t].discard(s)
            if not waiting[t]:
                ready.append((now, t))
    return max(done_at.values(), default=0.0), chain
