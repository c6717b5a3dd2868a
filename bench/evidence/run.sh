#!/usr/bin/env bash
# Participant statistics at national scale (1,000,000 participants, 5,000
# cooperatives, 10,000,000 activity-register entries): filiera on SQLite and
# PostgreSQL against DuckDB on the same data, numbers checked equal.
# Needs a PostgreSQL server where `psql postgres://postgres@127.0.0.1/postgres`
# may create and drop the database `filiera_bench` (or pass --skip-postgres).
# Results go to bench/out/evidence/. Extra arguments go to bench.py
# (e.g. --seed 7 --reps 11 --keep).
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=bench/.venv
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check duckdb

target=${CARGO_TARGET_DIR:-target}
cargo build --release -p filiera
exec "$venv/bin/python" bench/evidence/bench.py --bin "$target/release/filiera" "$@"
