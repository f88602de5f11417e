#!/usr/bin/env python3
"""A synthetic VersionSet history for benchmarks: a git repository whose main branch has
COMMITS commits over a manifest of SERVICES services (block-style YAML, about 230 bytes per
service). Nine commits in ten change the manifest, each one to three services: a patch release,
a minor release that one or two dependents follow by narrowing their range to it, a scaling
change, or an env/resources change. The rest touch only README.md. Every VersionSet is
consistent. Written with `git fast-import`, then packed as `git gc` would.

  gen_history.py DIR [--commits 10000] [--services 200] [--seed 1]
"""
import argparse
import os
import random
import subprocess
import sys


class Service:
    def __init__(self, i, rng):
        self.name = "svc%03d" % i
        self.major, self.minor, self.patch = 1, rng.randrange(0, 5), 0
        self.min = self.max = rng.choice([1, 2, 3])
        self.cpu = rng.choice([50, 100, 200])
        self.env = {"LOG_LEVEL": "info", "POOL": str(rng.randrange(4, 32))}
        self.deps = {}  # name -> minimum minor of the dependency's major 1

    def version(self):
        return "%d.%d.%d" % (self.major, self.minor, self.patch)

    def yaml(self):
        lines = [
            "    %s:" % self.name,
            "      image: registry.example.com/bench/%s" % self.name,
            "      version: %s" % self.version(),
            "      instances: { min: %d, max: %d }" % (self.min, self.max),
            "      resources: { cpu: %dm, memory: 128Mi }" % self.cpu,
            "      env:",
        ]
        lines += ["        %s: \"%s\"" % kv for kv in sorted(self.env.items())]
        lines.append("      ports: [ { name: http, port: 80, target: 8080 } ]")
        if self.deps:
            lines.append("      dependsOn:")
            lines += ["        %s: \">=1.%d.0 <2.0.0\"" % (d, m) for d, m in sorted(self.deps.items())]
        return "\n".join(lines) + "\n"


def manifest(services):
    head = ("apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata:\n  name: bench\nspec:\n"
            "  namespace: bench\n  defaults:\n    recovery: cattle\n    importance: normal\n  services:\n")
    return head + "".join(s.yaml() for s in services)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--commits", type=int, default=10000)
    ap.add_argument("--services", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    services = [Service(i, rng) for i in range(a.services)]
    # each service depends on up to three services before it, at their current minor
    for i, s in enumerate(services):
        for j in rng.sample(range(i), min(i, rng.choice([0, 1, 2, 3]))):
            s.deps[services[j].name] = services[j].minor
    dependents = {s.name: [t for t in services if s.name in t.deps] for s in services}

    if os.path.exists(a.dir):
        sys.exit("%s exists" % a.dir)
    subprocess.run(["git", "init", "-q", "-b", "main", a.dir], check=True)
    fi = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=a.dir, stdin=subprocess.PIPE)
    out = fi.stdin
    t = 1_600_000_000
    readme = 0
    for n in range(1, a.commits + 1):
        t += 600
        files = {}
        if n > 1 and rng.random() < 0.1:
            readme += 1
            files["README.md"] = "bench history, revision %d\n" % readme
            msg = "docs %d" % readme
        else:
            msg = "VersionSet %d" % n
            if n > 1:
                r = rng.random()
                s = rng.choice(services)
                if r < 0.55:
                    s.patch += 1
                    msg += ": %s %s" % (s.name, s.version())
                elif r < 0.8:
                    s.minor, s.patch = s.minor + 1, 0
                    msg += ": %s %s" % (s.name, s.version())
                    for d in rng.sample(dependents[s.name], min(2, len(dependents[s.name]))):
                        d.deps[s.name] = s.minor
                        d.patch += 1
                        msg += ", %s %s needs it" % (d.name, d.version())
                elif r < 0.9:
                    s.min = s.max = rng.choice([1, 2, 3, 4, 6])
                    msg += ": scale %s" % s.name
                else:
                    s.env["POOL"] = str(rng.randrange(4, 64))
                    s.cpu = rng.choice([50, 100, 200, 400])
                    msg += ": tune %s" % s.name
            files["architecture.yaml"] = manifest(services)
        data = msg.encode()
        out.write(b"commit refs/heads/main\nmark :%d\n" % n)
        out.write(b"committer Bench <bench@example.com> %d +0000\n" % t)
        out.write(b"data %d\n%s\n" % (len(data), data))
        if n > 1:
            out.write(b"from :%d\n" % (n - 1))
        for path, text in files.items():
            body = text.encode()
            out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(body), body))
    out.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "gc", "-q"], cwd=a.dir, check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=a.dir, check=True)


if __name__ == "__main__":
    main()
