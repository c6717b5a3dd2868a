#!/usr/bin/env python3
"""Participant statistics at national scale: filiera on SQLite and PostgreSQL
against DuckDB computing the same tables from the same data.

Generates the synthetic national dataset (`filiera demo --scale national`) in
an SQLite file and in a PostgreSQL database, times `filiera report
participants --timing` (computation only, several repetitions), exports the
SQLite tables to CSV, loads them into DuckDB, computes the same statistics in
DuckDB SQL, checks every number matches filiera's output and prints a table.
"""

import argparse
import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

PROGRAMME = "Programma Nazionale Inclusione — dati sintetici"
AGE_BANDS = ["<=24", "25-34", "35-44", "45-54", "55+"]
CATEGORIES = {
    "gender": ["M", "F"],
    "country_of_birth": ["IT", "other"],
    "age_band": AGE_BANDS,
    "household_size": ["1", "2", "3", "4", "5", "6+"],
    "single_parent": ["yes", "no"],
}
EXPORTS = {
    "rounds": "id, programme_id, number, start_date",
    "services": "id, programme_id, code",
    "paths": "id, participant_id, programme_id, round_id",
    "participants": "id, household_id, gender, birth_year, country_of_birth, "
    "CASE WHEN single_parent IS NULL THEN NULL WHEN single_parent THEN 1 ELSE 0 END AS single_parent",
    "households": "id, declared_size, CASE WHEN members_recorded THEN 1 ELSE 0 END AS members_recorded",
    "interventions": "id, participant_id, service_id, round_id, status",
}

# DuckDB: one pass over the paths for the five dimensions, one for the services.
DIMENSIONS_SQL = """
WITH r AS (SELECT id, number, CAST(substr(start_date, 1, 4) AS INTEGER) AS start_year FROM rounds),
sizes AS (SELECT household_id, COUNT(*) AS n FROM participants GROUP BY household_id),
base AS (
  SELECT r.number AS round,
         p.gender,
         CASE WHEN p.birth_year IS NOT NULL THEN r.start_year - p.birth_year END AS age,
         CASE WHEN p.country_of_birth IS NULL THEN NULL WHEN p.country_of_birth = 'IT' THEN 'IT' ELSE 'other' END AS country,
         COALESCE(h.declared_size, CASE WHEN h.members_recorded = 1 THEN sizes.n END) AS size,
         p.single_parent
  FROM paths pa JOIN participants p ON p.id = pa.participant_id JOIN households h ON h.id = p.household_id
  LEFT JOIN sizes ON sizes.household_id = h.id LEFT JOIN r ON r.id = pa.round_id
  WHERE pa.programme_id = $programme),
long AS (
  SELECT round, 'gender' AS dim, COALESCE(gender, 'not_recorded') AS cat FROM base
  UNION ALL SELECT round, 'country_of_birth', COALESCE(country, 'not_recorded') FROM base
  UNION ALL SELECT round, 'age_band', CASE WHEN age IS NULL THEN 'not_recorded' WHEN age <= 24 THEN '<=24'
      WHEN age <= 34 THEN '25-34' WHEN age <= 44 THEN '35-44' WHEN age <= 54 THEN '45-54' ELSE '55+' END FROM base
  UNION ALL SELECT round, 'household_size', CASE WHEN size IS NULL OR size < 1 THEN 'not_recorded'
      WHEN size >= 6 THEN '6+' ELSE CAST(size AS VARCHAR) END FROM base
  UNION ALL SELECT round, 'single_parent', CASE WHEN single_parent IS NULL THEN 'not_recorded'
      WHEN single_parent = 1 THEN 'yes' ELSE 'no' END FROM base)
SELECT 'dim' AS what, dim, cat, round, GROUPING(round) AS total, COUNT(*) AS n, NULL AS age_sum, NULL AS age_n
FROM long GROUP BY GROUPING SETS ((dim, cat, round), (dim, cat))
UNION ALL
SELECT 'head', NULL, NULL, round, GROUPING(round), COUNT(*), SUM(age), COUNT(age) FROM base
GROUP BY GROUPING SETS ((round), ())
"""

ACTIVATIONS_SQL = """
SELECT r.number, s.code, COUNT(DISTINCT i.participant_id) FROM interventions i
JOIN rounds r ON r.id = i.round_id JOIN services s ON s.id = i.service_id
WHERE r.programme_id = $programme AND i.status <> 'cancelled' GROUP BY r.number, s.code
"""


def percent(part, whole):
    """Tenths of a percent, rounded half up, as filiera prints them."""
    if whole == 0:
        return ""
    tenths = (part * 2000 + whole) // (2 * whole)
    return f"{tenths // 10}.{tenths % 10}"


def average(total, n):
    if n == 0 or total < 0:
        return None
    return ((total * 20 + n) // (2 * n)) / 10


def duckdb_statistics(con, programme):
    rounds = [r[0] for r in con.execute(
        "SELECT number FROM rounds WHERE programme_id = $programme ORDER BY number", {"programme": programme}).fetchall()]
    services = [s[0] for s in con.execute(
        "SELECT code FROM services WHERE programme_id = $programme ORDER BY id", {"programme": programme}).fetchall()]
    grouped = con.execute(DIMENSIONS_SQL, {"programme": programme}).fetchall()
    activations = con.execute(ACTIVATIONS_SQL, {"programme": programme}).fetchall()
    return rounds, services, grouped, activations


def assemble(rounds, services, grouped, activations):
    """The long CSV and the per-round summary, from DuckDB's grouped counts."""
    keys = [str(r) for r in rounds] + ["total"]
    known = {str(r) for r in rounds}
    tally, head, ages = {}, {}, {}
    for what, dim, cat, rnd, total, n, age_sum, age_n in grouped:
        key = "total" if total else str(rnd)
        # Paths without a round of this programme count in the total only.
        if key not in known and key != "total":
            continue
        if what == "head":
            head[key] = n
            ages[key] = (int(age_sum or 0), int(age_n or 0))
        else:
            tally[(dim, key, cat)] = n
    for rnd, code, n in activations:
        if str(rnd) not in known:
            continue
        for key in (str(rnd), "total"):
            tally[("service", key, code)] = tally.get(("service", key, code), 0) + n
    lines = ["dimension,category,round,count,percent"]
    for dim in ["gender", "country_of_birth", "age_band", "household_size", "single_parent"]:
        for key in keys:
            recorded = sum(tally.get((dim, key, c), 0) for c in CATEGORIES[dim])
            for c in CATEGORIES[dim]:
                n = tally.get((dim, key, c), 0)
                lines.append(f"{dim},{c},{key},{n},{percent(n, recorded)}")
            lines.append(f"{dim},not_recorded,{key},{tally.get((dim, key, 'not_recorded'), 0)},")
    for key in keys:
        whole = head.get(key, 0)
        for code in services:
            n = tally.get(("service", key, code), 0)
            lines.append(f"service,{code},{key},{n},{percent(n, whole)}")
    summary = [{"round": k, "participants": head.get(k, 0), "average_age": average(*ages.get(k, (0, 0)))} for k in keys]
    return "\n".join(lines) + "\n", summary


def run(cmd, env=None, capture=True):
    return subprocess.run(cmd, env=env, check=True, text=True, capture_output=capture)


def filiera(args, url, *rest, capture=True):
    env = dict(os.environ, FILIERA_DATABASE_URL=url, FILIERA_LOG="error")
    return run([args.bin, *rest], env=env, capture=capture)


def generate(args, url):
    started = time.perf_counter()
    filiera(args, url, "demo", "--scale", "national", "--seed", str(args.seed), capture=False)
    return time.perf_counter() - started


def time_report(args, url, label):
    times = []
    for _ in range(args.reps):
        done = filiera(args, url, "report", "participants", "--programme", PROGRAMME, "--timing")
        line = [l for l in done.stderr.splitlines() if l.startswith("compute_ms=")]
        times.append(float(line[-1].split("=")[1]))
    csv_out = filiera(args, url, "report", "participants", "--programme", PROGRAMME).stdout
    json_out = json.loads(filiera(args, url, "report", "participants", "--programme", PROGRAMME,
                                  "--format", "json").stdout)
    print(f"{label}: participant statistics best {min(times):.0f} ms, median {statistics.median(times):.0f} ms",
          flush=True)
    return times, csv_out, json_out


def export_csv(db, out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db)
    for table, columns in EXPORTS.items():
        with open(out_dir / f"{table}.csv", "w", newline="") as f:
            writer = csv.writer(f)
            cursor = con.execute(f"SELECT {columns} FROM {table}")
            writer.writerow([d[0] for d in cursor.description])
            writer.writerows(cursor)
    con.close()


def load_duckdb(out_dir):
    con = duckdb.connect()
    types = {
        "rounds": "{'id':'BIGINT','programme_id':'BIGINT','number':'BIGINT','start_date':'VARCHAR'}",
        "services": "{'id':'BIGINT','programme_id':'BIGINT','code':'VARCHAR'}",
        "paths": "{'id':'BIGINT','participant_id':'BIGINT','programme_id':'BIGINT','round_id':'BIGINT'}",
        "participants": "{'id':'BIGINT','household_id':'BIGINT','gender':'VARCHAR','birth_year':'BIGINT',"
        "'country_of_birth':'VARCHAR','single_parent':'BIGINT'}",
        "households": "{'id':'BIGINT','declared_size':'BIGINT','members_recorded':'BIGINT'}",
        "interventions": "{'id':'BIGINT','participant_id':'BIGINT','service_id':'BIGINT','round_id':'BIGINT',"
        "'status':'VARCHAR'}",
    }
    for table in EXPORTS:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{out_dir / (table + '.csv')}', "
                    f"header = true, columns = {types[table]})")
    return con


def busiest_cooperative(db):
    """The cooperative with the most register entries in the busiest quarter: the worst case."""
    con = sqlite3.connect(db)
    row = con.execute(
        "SELECT pr.cooperative_id, substr(a.occurred_on, 1, 4) || '-Q' || "
        "((CAST(substr(a.occurred_on, 6, 2) AS INTEGER) - 1) / 3 + 1) AS q, COUNT(*) AS n "
        "FROM activity_entries a JOIN projects pr ON pr.id = a.project_id "
        "WHERE pr.cooperative_id = (SELECT cooperative_id FROM projects GROUP BY cooperative_id "
        "ORDER BY COUNT(*) DESC LIMIT 1) GROUP BY 1, 2 ORDER BY n DESC LIMIT 1").fetchone()
    con.close()
    return row[0], row[1]


def time_quarterly(args, url, coop, quarter):
    times = []
    for _ in range(args.reps):
        done = filiera(args, url, "report", "quarterly", "--programme", PROGRAMME, "--cooperative", str(coop),
                       "--quarter", quarter, "--format", "json", "--timing")
        line = [l for l in done.stderr.splitlines() if l.startswith("compute_ms=")]
        times.append(float(line[-1].split("=")[1]))
    return times, json.loads(done.stdout)


def duckdb_quarterly(con, out_dir, db, coop, quarter, reps):
    """The same report's totals in DuckDB, with filiera's accrual rule written in SQL:
    cost accrues with the minutes delivered against the planned minutes, floored per
    cumulative amount, capped at the plan; a flat rate accrues at the first minute."""
    src = sqlite3.connect(db)
    for table, columns in {"projects": "id, programme_id, cooperative_id",
                           "q_interventions": "id, project_id, participant_id, minutes, cost_cents",
                           "activity_entries": "intervention_id, occurred_on, minutes"}.items():
        source = "interventions" if table == "q_interventions" else table
        with open(out_dir / f"{table}.csv", "w", newline="") as f:
            writer = csv.writer(f)
            cursor = src.execute(f"SELECT {columns} FROM {source}")
            writer.writerow([d[0] for d in cursor.description])
            writer.writerows(cursor)
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv('{out_dir / (table + '.csv')}', "
                    "header = true)")
    src.close()
    year, number = quarter.split("-Q")
    first_month = (int(number) - 1) * 3 + 1
    start = f"{year}-{first_month:02d}-01"
    end = f"{int(year) + (1 if number == '4' else 0)}-{(first_month + 3 - 1) % 12 + 1:02d}-01"
    sql = f"""
      WITH d AS (
        SELECT i.id, i.participant_id, i.minutes AS planned, i.cost_cents AS cost,
               SUM(CASE WHEN a.occurred_on < '{start}' THEN a.minutes ELSE 0 END) AS before_q,
               SUM(CASE WHEN a.occurred_on >= '{start}' THEN a.minutes ELSE 0 END) AS in_q,
               SUM(CASE WHEN a.occurred_on >= '{start}' THEN 1 ELSE 0 END) AS entries
        FROM projects pr JOIN q_interventions i ON i.project_id = pr.id
        JOIN activity_entries a ON a.intervention_id = i.id AND a.occurred_on < '{end}'
        WHERE pr.cooperative_id = {coop}
        GROUP BY i.id, i.participant_id, i.minutes, i.cost_cents HAVING entries > 0)
      SELECT COUNT(*), COUNT(DISTINCT participant_id), SUM(in_q),
        SUM(CASE WHEN planned <= 0 THEN (CASE WHEN before_q = 0 THEN cost ELSE 0 END)
                 ELSE (cost * LEAST(planned, before_q + in_q)) // planned - (cost * LEAST(planned, before_q)) // planned END)
      FROM d"""
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        row = con.execute(sql).fetchone()
        times.append((time.perf_counter() - started) * 1000)
    return times, tuple(int(v) for v in row)


def pg_admin(args, sql):
    run(["psql", args.pg_admin_url, "-v", "ON_ERROR_STOP=1", "-qc", sql])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", default="bench/out/evidence")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--pg-admin-url", default="postgres://postgres@127.0.0.1/postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1/filiera_bench")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = {"seed": args.seed}

    db = work / "national.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    sqlite_url = f"sqlite://{db.resolve()}"
    print("== SQLite: generating", flush=True)
    results["sqlite_generate_s"] = generate(args, sqlite_url)
    results["sqlite_db_bytes"] = db.stat().st_size
    sqlite_times, sqlite_csv, sqlite_json = time_report(args, sqlite_url, "filiera SQLite")
    results["sqlite_ms"] = sqlite_times

    if not args.skip_postgres:
        print("== PostgreSQL: generating", flush=True)
        pg_admin(args, "DROP DATABASE IF EXISTS filiera_bench WITH (FORCE)")
        pg_admin(args, "CREATE DATABASE filiera_bench")
        results["postgres_generate_s"] = generate(args, args.pg_url)
        size = run(["psql", args.pg_url, "-tAc", "SELECT pg_database_size(current_database())"]).stdout
        results["postgres_db_bytes"] = int(size.strip())
        pg_times, pg_csv, pg_json = time_report(args, args.pg_url, "filiera PostgreSQL")
        results["postgres_ms"] = pg_times
        assert pg_csv == sqlite_csv, "PostgreSQL and SQLite reports differ"
        assert pg_json == sqlite_json, "PostgreSQL and SQLite JSON reports differ"

    print("== DuckDB: exporting and loading", flush=True)
    export_csv(db, work / "csv")
    con = load_duckdb(work / "csv")
    (programme,) = con.execute("SELECT programme_id FROM paths LIMIT 1").fetchone()
    duck_times = []
    for _ in range(args.reps):
        started = time.perf_counter()
        raw = duckdb_statistics(con, programme)
        duck_times.append((time.perf_counter() - started) * 1000)
    duck_csv, duck_summary = assemble(*raw)
    results["duckdb_ms"] = duck_times
    if duck_csv != sqlite_csv:
        (work / "duckdb.csv").write_text(duck_csv)
        (work / "filiera.csv").write_text(sqlite_csv)
        sys.exit(f"DuckDB and filiera differ: compare {work}/duckdb.csv and {work}/filiera.csv")
    filiera_summary = [{"round": r["round"], "participants": r["participants"], "average_age": r["average_age"]}
                       for r in sqlite_json["rounds"]]
    assert duck_summary == filiera_summary, (duck_summary, filiera_summary)
    print(f"DuckDB: best {min(duck_times):.0f} ms, median {statistics.median(duck_times):.0f} ms — "
          f"all {len(duck_csv.splitlines()) - 1} rows and the average ages match filiera", flush=True)

    print("== Quarterly provider report: one cooperative, one quarter", flush=True)
    coop, quarter = busiest_cooperative(db)
    quarterly_times, quarterly = time_quarterly(args, sqlite_url, coop, quarter)
    duck_quarterly_times, duck_totals = duckdb_quarterly(con, work / "csv", db, coop, quarter, args.reps)
    filiera_totals = (quarterly["interventions"], quarterly["participants"], quarterly["minutes"],
                      quarterly["cost_cents"])
    assert duck_totals == filiera_totals, ("quarterly report differs", duck_totals, filiera_totals)
    results["quarterly_ms"] = quarterly_times
    results["duckdb_quarterly_ms"] = duck_quarterly_times
    print(f"filiera SQLite quarterly report (cooperative {coop}, {quarter}): best {min(quarterly_times):.1f} ms, "
          f"median {statistics.median(quarterly_times):.1f} ms; DuckDB best {min(duck_quarterly_times):.1f} ms; "
          f"totals match {filiera_totals}", flush=True)

    best = lambda xs: min(xs)
    med = lambda xs: statistics.median(xs)
    print()
    print(f"{'':28}{'best ms':>10}{'median ms':>11}{'x DuckDB (median)':>20}")
    rows = [("filiera SQLite", sqlite_times)]
    if not args.skip_postgres:
        rows.append(("filiera PostgreSQL", results["postgres_ms"]))
    rows.append(("DuckDB (in memory)", duck_times))
    for label, xs in rows:
        print(f"{label:28}{best(xs):>10.0f}{med(xs):>11.0f}{med(xs) / med(duck_times):>20.1f}")
    print(f"\nSQLite: generated in {results['sqlite_generate_s']:.0f} s, {results['sqlite_db_bytes'] / 2**30:.2f} GiB")
    if not args.skip_postgres:
        print(f"PostgreSQL: generated in {results['postgres_generate_s']:.0f} s, "
              f"{results['postgres_db_bytes'] / 2**30:.2f} GiB")
    (work / "results.json").write_text(json.dumps(results, indent=2))
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        for f in (work / "csv").glob("*.csv"):
            f.unlink()
        if not args.skip_postgres:
            pg_admin(args, "DROP DATABASE IF EXISTS filiera_bench WITH (FORCE)")


if __name__ == "__main__":
    main()
