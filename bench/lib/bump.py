#!/usr/bin/env python3
"""Prints the manifest FILE with a new patch version for every (100/PERCENT)th service, so that
PERCENT% of the services change and every dependency range stays satisfied.

  bump.py FILE PERCENT > changed.yaml
"""
import re
import sys


def main():
    path, pct = sys.argv[1], int(sys.argv[2])
    lines = open(path).read().split("\n")
    every, seen = max(1, 100 // pct), 0
    for i, line in enumerate(lines):
        m = re.match(r"^(      version: )(\d+)\.(\d+)\.(\d+)$", line)
        if m:
            if seen % every == 0:
                lines[i] = f"{m.group(1)}{m.group(2)}.{m.group(3)}.{int(m.group(4)) + 1}"
            seen += 1
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
