#!/usr/bin/env python3
"""Writes the peers' inputs for one state of a generated architecture, from vsctl's own rendered
objects, so every tool rolls out the same objects:

  peers.py ARCH RENDERED OUT_DIR

  OUT_DIR/charts/<service>/   one Helm chart per service: Chart.yaml, and templates/objects.yaml
                              holding that service's rendered objects verbatim
  OUT_DIR/helmfile.yaml       one release per service (wait: true), needs: mirroring dependsOn
  OUT_DIR/order.txt           the services in dependency order (dependencies first), one a line
  OUT_DIR/objects.yaml        every rendered object, the Namespace first (what kubectl applies)
  OUT_DIR/layers/<k>.txt      the workloads of depth k (kind/name), what a script would wait on

An object belongs to the service its app.kubernetes.io/name label names; the Namespace belongs
to no service (the releases create it).
"""
import os
import shutil
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import graph  # noqa: E402

NAME_LABEL = "app.kubernetes.io/name"
WORKLOADS = {"Deployment": "deployment", "StatefulSet": "statefulset", "DaemonSet": "daemonset"}


def main():
    arch, rendered, out = sys.argv[1:4]
    deps, _, version = graph.load(arch)
    namespace = yaml.safe_load(open(arch))["spec"]["namespace"]
    texts = [t for t in open(rendered).read().split("\n---\n") if t.strip() and t.strip() != "---"]
    per_service = {s: [] for s in deps}
    others, workloads = [], {s: [] for s in deps}
    for text in texts:
        obj = yaml.safe_load(text)
        if not obj:
            continue
        text = text.strip()
        if text.startswith("---"):
            text = text[3:].lstrip("\n")
        svc = ((obj.get("metadata") or {}).get("labels") or {}).get(NAME_LABEL)
        if obj["kind"] == "Namespace" or svc not in per_service:
            others.append((obj, text))
            continue
        per_service[svc].append(text)
        if obj["kind"] in WORKLOADS:
            workloads[svc].append(f"{WORKLOADS[obj['kind']]}/{obj['metadata']['name']}")
    if "{{" in "".join(t for ts in per_service.values() for t in ts):
        sys.exit("peers.py: an object holds '{{', which Helm would read as a template")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "charts"))
    os.makedirs(os.path.join(out, "layers"))
    for s, objs in per_service.items():
        d = os.path.join(out, "charts", s)
        os.makedirs(os.path.join(d, "templates"))
        with open(os.path.join(d, "Chart.yaml"), "w") as f:
            f.write(f"apiVersion: v2\nname: {s}\nversion: 0.1.0\nappVersion: \"{version[s]}\"\n")
        with open(os.path.join(d, "templates", "objects.yaml"), "w") as f:
            f.write("\n---\n".join(objs) + "\n")
    layers = graph.layers(deps)
    with open(os.path.join(out, "order.txt"), "w") as f:
        f.write("".join(f"{s}\n" for layer in layers for s in layer))
    for k, layer in enumerate(layers):
        with open(os.path.join(out, "layers", f"{k}.txt"), "w") as f:
            f.write("".join(f"{w}\n" for s in layer for w in workloads[s]))
    with open(os.path.join(out, "objects.yaml"), "w") as f:
        ns_first = [t for o, t in others if o["kind"] == "Namespace"] + [t for o, t in others if o["kind"] != "Namespace"]
        f.write("\n---\n".join(ns_first + [t for s in sorted(per_service) for t in per_service[s]]) + "\n")
    with open(os.path.join(out, "helmfile.yaml"), "w") as f:
        f.write("releases:\n")
        for s in sorted(deps):
            f.write(f"  - name: {s}\n    namespace: {namespace}\n    chart: ./charts/{s}\n"
                    "    createNamespace: true\n    wait: true\n    timeout: 600\n")
            if deps[s]:
                f.write("    needs:\n" + "".join(f"      - {namespace}/{d}\n" for d in deps[s]))


if __name__ == "__main__":
    main()
