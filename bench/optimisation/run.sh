#!/usr/bin/env bash
# Benchmarks filiera's min-cost-flow solver against Google OR-Tools'
# SimpleMinCostFlow on generated matching instances (1k x 200, 10k x 2k,
# 100k x 10k), checks the optimal costs are equal and prints a table.
# Results go to bench/out/. Extra arguments go to bench.py (e.g. --seed 7).
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check ortools orjson numpy

target=${CARGO_TARGET_DIR:-target}
cargo build --release --examples -p filiera-optimisation
exec "$venv/bin/python" bench/optimisation/bench.py --bin-dir "$target/release/examples" "$@"
