#!/usr/bin/env bash
# The render suite of bench/run: vsctl render against yaml-cpp loading the same file.
# Arguments go to bench/run (e.g. --sizes 10,100,500,1000,5000).
exec "$(dirname "$0")/../run" render "$@"
