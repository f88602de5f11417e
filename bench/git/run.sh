#!/usr/bin/env bash
# The history suites of bench/run: vsctl log cold and warm against git log, the offline rollback
# closure, and validate --base (200 services x 10,000 commits). Arguments go to bench/run.
exec "$(dirname "$0")/../run" log rollback validate "$@"
