#!/usr/bin/env python3
"""Checks that schemas/architecture.schema.json agrees with vsctl's parser.

Every example manifest and every fixture manifest (tests/fixtures/*/architecture.yaml, after the
case's gen script if it has one) is read the way vsctl reads YAML (YAML 1.2 core schema, duplicate
keys, cyclic aliases and multiple documents refused) and validated against the schema:

- examples, and fixtures whose expected.rc is 0, must pass;
- fixtures that vsctl rejects must be refused by the YAML reading or fail the schema, unless they
  are listed in SEMANTIC: rejected only by checks a JSON Schema cannot express. Those must pass the
  schema, so the list stays honest: when the schema learns to catch one, the test says to move it.

Exit codes: 0 agreement, 1 disagreement, 77 (skipped) when jsonschema or PyYAML is missing
(scripts/test-deps installs them).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover
    print(f"check_schema: {e}; run scripts/test-deps", file=sys.stderr)
    sys.exit(77)

# Fixtures vsctl rejects for reasons outside what a JSON Schema can say, with the reason.
SEMANTIC = {
    "cli-graph-bad-output": "an -o format graph does not have (the command line, not the file)",
    "cli-graph-unsatisfied": "an unsatisfied dependency range and a missing service (cross-references)",
    "diff-objects": "valid: diff exits 1 because the two VersionSets differ",
    "diff-objects-json": "valid: diff exits 1 because the two VersionSets differ",
    "diff-objects-markdown": "valid: diff exits 1 because the two VersionSets differ",
    "diff-objects-staging": "valid: diff exits 1 because the two VersionSets differ",
    "diff-objects-one-revision": "--objects with one revision (the command line, not the file)",
    "diff-revisions-markdown": "valid: diff exits 1 because the two VersionSets differ",
    "render-invalid": "an unsatisfied dependency range (a range against another service's version)",
    "render-object-renamed": "a patch that renames a rendered object onto another service's (known only after rendering)",
    "render-object-undeclared": "a cluster-scoped object in an objects file that allow does not declare (the content of an objects file)",
    "render-patch-no-target": "a patch that matches no rendered object (known only after rendering)",
    "validate-patch-no-target": "a patch that matches no rendered object (known only after rendering)",
    "validate-autoscale-fixed": "autoscale with instances.min == max (compares two values)",
    "validate-bad-range": "node-semver range grammar (not expressed as a pattern)",
    "validate-billion-laughs": "the alias expansion budget (a resource bound, not a rule of the format)",
    "validate-deep-nesting": "the nesting depth limit of 100 (a resource bound)",
    "validate-env-overrides": "environments' versions against other services' ranges, and dependencies on services that do not exist (cross-references)",
    "validate-env-render-checks": "environments' patches and objects files that collide or match nothing (known only after rendering)",
    "validate-limits-below-requests": "limits below requests (compares two quantities)",
    "validate-min-above-max": "instances.min above max (compares two values)",
    "validate-non-semver": "an unsatisfied range over a version that is not semver",
    "validate-object-bad-name": "object names in an objects file and set by a patch (known only after rendering)",
    "validate-object-cluster-scoped": "cluster-scoped objects in an objects file that allow does not declare (the content of an objects file)",
    "validate-object-collision": "two services rendering the same object, one through a patch (known only after rendering)",
    "validate-object-labels": "patches that change vsctl's labels (known only after rendering)",
    "validate-object-namespace": "objects moved out of the view's namespace by patches and objects files (known only after rendering)",
    "validate-object-null-identity": "patches that remove apiVersion, kind or metadata (known only after rendering)",
    "validate-object-selector": "patches and objects files that select or label another service's pods (known only after rendering)",
    "validate-objects-escaping": "an objects path that leaves the repository through '..'",
    "validate-rollout-checks": "a rollout's fields against each other and the service (weights that go down, blue-green weights, steps of a rolling update, a pet, a name too long for its strategy, bounds that no value meets) and an HTTPRoute's backends in an objects file: strategy, recovery and ports may come from spec.defaults",
    "validate-promotion-cross-refs": "a stage named twice, environments spec.environments lacks or in two stages (cross-references), a soak over 720h (a duration's value)",
    "validate-pet-limits": "a pet's name length (depends on recovery, which defaults and environments may set), two mount paths equal once normalised, a zero volume size (a quantity's value)",
    "validate-objects-missing-name": "the content of an objects file",
    "validate-objects-not-parsing": "the content of an objects file",
    "validate-too-large": "the 8 MiB size cap (a resource bound)",
    "validate-unknown-dependency": "a dependency on a service that does not exist (cross-reference)",
    "validate-unknown-env": "an --env that names no environment (the command line, not the file)",
    "validate-unsatisfied-range": "an unsatisfied dependency range",
}


class Refused(Exception):
    """The YAML itself is refused, as vsctl's reader refuses it."""


class Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as vsctl resolves plain scalars: no yes/no booleans, no sexagesimal
    numbers, no timestamps, no merge keys (`<<` stays an ordinary key)."""


Loader.yaml_implicit_resolvers = {}
for tag, pattern in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+)$"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
]:
    Loader.add_implicit_resolver(tag, re.compile(pattern), None)


def _int(loader, node):
    text = loader.construct_scalar(node)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


def _float(loader, node):
    return float(loader.construct_scalar(node))


def _mapping(loader, node):
    loader.flatten_mapping = lambda n: None  # merge keys are plain keys here
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise Refused(f"line {key_node.start_mark.line + 1}: a map key that is not a scalar")
        if key in seen:
            raise Refused(f"line {key_node.start_mark.line + 1}: duplicate key {key!r}")
        seen[key] = True
    return loader.construct_mapping(node, deep=True)


Loader.add_constructor("tag:yaml.org,2002:int", _int)
Loader.add_constructor("tag:yaml.org,2002:float", _float)
Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def check_acyclic(value):
    """Refuses a structure that contains itself (a cyclic alias). Shared nodes are visited once,
    so an alias bomb costs no more than its text."""
    done = set()
    stack = [(value, False)]
    on_path = set()
    while stack:
        v, leaving = stack.pop()
        if not isinstance(v, (dict, list)):
            continue
        if leaving:
            on_path.discard(id(v))
            done.add(id(v))
            continue
        if id(v) in on_path:
            raise Refused("cyclic alias: a node that contains itself")
        if id(v) in done:
            continue
        on_path.add(id(v))
        stack.append((v, True))
        stack.extend((c, False) for c in (v.values() if isinstance(v, dict) else v))


def read_manifest(path):
    data = open(path, "rb").read()
    if b"\0" in data:
        raise Refused("NUL byte")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refused(f"invalid UTF-8: {e}")
    try:
        docs = [d for d in yaml.load_all(text, Loader=Loader) if d is not None]
    except yaml.YAMLError as e:
        raise Refused(f"YAML: {str(e).splitlines()[0]}")
    if len(docs) > 1:
        raise Refused("more than one YAML document")
    doc = docs[0] if docs else None
    check_acyclic(doc)
    return doc


def schema_errors(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:200]}" for e in errors]


def fixture_manifest(case_dir, scratch, root):
    """The case's architecture.yaml, after its gen script in a scratch copy when it has one."""
    if not os.path.exists(os.path.join(case_dir, "gen")):
        return os.path.join(case_dir, "architecture.yaml")
    work = os.path.join(scratch, os.path.basename(case_dir))
    shutil.copytree(case_dir, work)
    env = dict(os.environ, SOURCE_ROOT=root)
    subprocess.run(["./gen"], cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(work, "architecture.yaml")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    ap.add_argument("-v", "--verbose", action="store_true", help="print the schema's errors for every case")
    args = ap.parse_args()
    root = os.path.abspath(args.root)

    schema = json.load(open(os.path.join(root, "schemas", "architecture.schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    problems = []
    checked = 0

    def report(name, ok, what, details=()):
        nonlocal checked
        checked += 1
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {what}")
        if not ok or args.verbose:
            for d in details:
                print(f"       {d}")
        if not ok:
            problems.append(name)

    examples = os.path.join(root, "examples")
    for name in sorted(os.listdir(examples)):
        path = os.path.join(examples, name, "architecture.yaml")
        if not os.path.isfile(path):
            continue
        try:
            errs = schema_errors(validator, read_manifest(path))
            report(f"examples/{name}", not errs, "passes the schema" if not errs else "fails the schema", errs)
        except Refused as e:
            report(f"examples/{name}", False, f"YAML refused: {e}")

    fixtures = os.path.join(root, "tests", "fixtures")
    # Cases of the command line itself (unknown command, --version) have no manifest to check.
    def has_manifest(n):
        return any(os.path.exists(os.path.join(fixtures, n, f)) for f in ("architecture.yaml", "gen"))
    names = sorted(n for n in os.listdir(fixtures)
                   if os.path.isfile(os.path.join(fixtures, n, "cmd")) and has_manifest(n))
    for stale in sorted(set(SEMANTIC) - set(names)):
        report(stale, False, "listed in SEMANTIC but there is no such fixture")
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            case = os.path.join(fixtures, name)
            rc = int(open(os.path.join(case, "expected.rc")).read().strip())
            try:
                doc = read_manifest(fixture_manifest(case, scratch, root))
                errs = schema_errors(validator, doc)
                refused = None
            except Refused as e:
                errs, refused = [], str(e)
            if rc == 0:
                if refused:
                    report(name, False, f"vsctl accepts it but the YAML was refused: {refused}")
                else:
                    report(name, not errs, "accepted by vsctl and the schema" if not errs
                           else "accepted by vsctl, rejected by the schema", errs)
            elif name in SEMANTIC:
                if refused or errs:
                    report(name, False, "listed in SEMANTIC, but the schema now rejects it: remove it from the list",
                           errs or [refused])
                else:
                    report(name, True, f"rejected by vsctl only ({SEMANTIC[name]})")
            elif refused:
                report(name, True, f"rejected by vsctl and refused as YAML ({refused})")
            else:
                report(name, bool(errs), "rejected by vsctl and the schema" if errs else
                       "rejected by vsctl, accepted by the schema (add the rule, or list it in SEMANTIC with why)",
                       errs)

    print(f"{checked} manifests checked, {len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
