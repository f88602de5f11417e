#!/usr/bin/env bash
# The diff suite of bench/run: vsctl diff against kubectl diff --server-side on the test bed,
# nothing changed and 10% changed. Arguments go to bench/run (e.g. --cluster-sizes 10,100,500).
exec "$(dirname "$0")/../run" diff "$@"
