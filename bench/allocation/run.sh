#!/bin/sh
# Benchmark of the weekly allocation in release mode. Usage: bench/allocation/run.sh
set -eu
cd "$(dirname "$0")"
cargo run --release --quiet
