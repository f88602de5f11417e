#!/usr/bin/env python3
"""Generates an architecture manifest of N services with a realistic dependency graph.

Layers: edge (frontends) -> api -> domain -> data stores. Each service depends on 1-4 services of
lower layers, with fan-in to a few shared stores, and --cycles back-edges between api services
(real call graphs have some). Ranges admit the version each dependency has. Deterministic for a
given --seed.

usage: gen_architecture.py N [--seed S] [--cycles C] [--name NAME] [--namespace NS] [--headless]
       [--environments E] [--ready-after MIN-MAX] > architecture.yaml

--headless makes every Service headless (clusterIP: None) through a default patch: a small
service address range (the test bed has 254 addresses) then still holds 1,000 services.

--environments E adds E environments, each with its own namespace and context and overrides of
about 1% of the services (picked per environment): instances, an environment variable, every
fifth of them a new patch version within the ranges that name it, and a patch (an
annotation on its workload) on every tenth.

--ready-after MIN-MAX (seconds) gives every service's pods the test bed's readiness delay
(`vsctl-test/ready-after`, through a patch on the pod template of its Deployment or StatefulSet):
a delay drawn between MIN and MAX, in steps of 100 ms, from a generator of its own seeded by --seed,
so the rest of the architecture is the same with or without it.
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("services", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cycles", type=int, default=3)
    ap.add_argument("--name", default="bench")
    ap.add_argument("--namespace", default=None)
    ap.add_argument("--image", default="registry.example.com/bench/svc")
    ap.add_argument("--headless", action="store_true")
    ap.add_argument("--environments", type=int, default=0)
    ap.add_argument("--ready-after", default=None)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    n = args.services
    layers = [max(1, n // 10), max(1, n * 3 // 10), max(1, n * 4 // 10)]
    layers.append(max(1, n - sum(layers)))
    while sum(layers) > n:
        layers[2] -= 1
    names, layer_of, pets = [], {}, set()
    prefixes = ["edge", "api", "dom", "store"]
    for li, count in enumerate(layers):
        for i in range(count):
            name = f"{prefixes[li]}-{i:04d}"
            names.append(name)
            layer_of[name] = li
    by_layer = [[s for s in names if layer_of[s] == li] for li in range(4)]
    versions = {s: f"{rnd.randint(1, 4)}.{rnd.randint(0, 20)}.{rnd.randint(0, 9)}" for s in names}
    deps = {s: {} for s in names}
    for s in names:
        li = layer_of[s]
        if li == 3:
            continue
        lower = [x for l2 in range(li + 1, 4) for x in by_layer[l2]]
        shared = by_layer[3][: max(1, len(by_layer[3]) // 10)]
        for d in rnd.sample(lower, min(len(lower), rnd.randint(1, 3))):
            deps[s][d] = None
        if shared and rnd.random() < 0.5:
            deps[s][rnd.choice(shared)] = None
    api = by_layer[1]
    for _ in range(args.cycles if len(api) > 1 else 0):
        a, b = rnd.sample(api, 2)
        deps[a][b] = None
        deps[b][a] = None
    delays = {}
    if args.ready_after:
        lo, _, hi = args.ready_after.partition("-")
        lo_ds, hi_ds = round(float(lo) * 10), round(float(hi or lo) * 10)
        jitter = random.Random(f"ready-after-{args.seed}")
        delays = {s: jitter.randint(lo_ds, hi_ds) / 10 for s in names}
    out = []
    w = out.append
    w("apiVersion: vsctl.dev/v1")
    w("kind: Architecture")
    w("metadata:")
    w(f"  name: {args.name}")
    w("spec:")
    w(f"  namespace: {args.namespace or args.name}")
    w("  defaults:")
    if args.headless:
        w("    patches: [ { target: { kind: Service }, patch: { spec: { clusterIP: None } } } ]")
    w("    resources: { cpu: 10m, memory: 16Mi }")
    w("  services:")
    for s in names:
        li = layer_of[s]
        w(f"    {s}:")
        w(f"      image: {args.image}-{li}")
        w(f"      version: {versions[s]}")
        if li == 0:
            w("      instances: { min: 2, max: 6 }")
            w("      importance: critical")
        elif li == 3 and rnd.random() < 0.3:
            pets.add(s)
            w("      recovery: pet")
            w("      storage: [ { name: data, mount: /data, size: 1Gi } ]")
        else:
            w("      instances: { min: 1, max: 1 }")
        w("      ports: [ { name: http, port: 80, target: 8080 } ]")
        if s in delays:
            kind = "StatefulSet" if s in pets else "Deployment"
            w("      patches: [ { target: { kind: " + kind + " }, patch: { spec: { template: { metadata: { annotations: "
              + f'{{ vsctl-test/ready-after: "{delays[s]:g}s" }} }} }} }} }} }} ]')
        w("      env:")
        w(f"        SERVICE_NAME: {s}")
        w(f"        LOG_LEVEL: info")
        if deps[s]:
            w("      dependsOn:")
            for d in sorted(deps[s]):
                major, minor, _ = versions[d].split(".")
                w(f'        {d}: "^{major}.{minor}"' if major != "0" else f'        {d}: "~{versions[d]}"')
    if args.environments:
        w("  environments:")
        per_env = max(1, n // 100)
        for e in range(args.environments):
            env = f"env-{e:03d}"
            w(f"    {env}:")
            w(f"      namespace: {args.namespace or args.name}-{env}")
            w(f"      context: ctx-{env}")
            w("      services:")
            for i, s in enumerate(sorted(rnd.sample(names, min(n, per_env)))):
                w(f"        {s}:")
                if layer_of[s] == 0:
                    w("          instances: { min: 3, max: 8 }")
                else:
                    w("          instances: { min: 2, max: 2 }")
                w(f"          env: {{ LOG_LEVEL: debug, ENVIRONMENT: {env} }}")
                if i % 5 == 0:
                    major, minor, patch = versions[s].split(".")
                    w(f"          version: {major}.{minor}.{int(patch) + 10}")
                if i % 10 == 0:
                    kind = "StatefulSet" if s in pets else "Deployment"
                    w("          patches: [ { target: { kind: " + kind + " }, patch: { metadata: { annotations: { example.com/env: "
                      + env + " } } } } ]")
    print("\n".join(out))


if __name__ == "__main__":
    main()
