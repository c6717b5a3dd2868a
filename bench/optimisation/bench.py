"""Benchmarks filiera's min-cost-flow solver against OR-Tools.

For each size, generates a seeded matching instance with filiera's generator,
solves it with filiera (examples/solve) and with OR-Tools SimpleMinCostFlow
(ortools_solve.py), checks both report the same optimal cost, and prints a
table with the best and the median solve time of the runs (the machine may
be shared: the best shows the solver, the median how steady it is). Solve
times cover the solver call only (not reading or parsing).
Peak memory is each process's maximum resident set size, parsing included.
Exits non-zero if any cost differs.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "out"
SIZES = [(1_000, 200), (10_000, 2_000), (100_000, 10_000)]


def run_measured(command):
    """Runs a command; returns (stdout, peak RSS in MiB)."""
    with tempfile.TemporaryFile() as stdout:
        process = subprocess.Popen(command, stdout=stdout)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            sys.exit(f"{command[0]} failed with exit code {process.returncode}")
        stdout.seek(0)
        return stdout.read(), usage.ru_maxrss / 1024


def parse(output):
    try:
        import orjson

        return orjson.loads(output)
    except ImportError:
        return json.loads(output)


def best_of(runs, command):
    results = []
    for _ in range(runs):
        output, peak_mib = run_measured(command)
        result = parse(output)
        result["peak_mib"] = peak_mib
        results.append(result)
    if any(r["status"] != "optimal" for r in results):
        sys.exit(f"{command}: not optimal: {results[0]['status']}")
    if len({r["cost"] for r in results}) != 1:
        sys.exit(f"{command}: the cost changed between runs")
    best = dict(min(results, key=lambda r: r["solve_ms"]))
    times = sorted(r["solve_ms"] for r in results)
    best["median_ms"] = times[len(times) // 2]
    best["peak_mib"] = max(r["peak_mib"] for r in results)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, nargs=3, default=[7, 5, 3],
                        help="runs per size (best and median are reported)")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)

    rows = []
    for (people, places), runs in zip(SIZES, args.runs):
        instance = OUT / f"matching-{people}x{places}-seed{args.seed}.json"
        if not instance.exists():
            subprocess.run([args.bin_dir / "generate", str(people), str(places),
                            str(args.seed), instance], check=True)
        filiera = best_of(runs, [args.bin_dir / "solve", instance])
        ortools = best_of(runs, [sys.executable, HERE / "ortools_solve.py", instance])
        arcs = ortools["arcs"]
        rows.append({
            "size": f"{people}x{places}",
            "arcs": arcs,
            "filiera_cost": filiera["cost"],
            "ortools_cost": ortools["cost"],
            "filiera_ms": round(filiera["solve_ms"], 1),
            "ortools_ms": round(ortools["solve_ms"], 1),
            "ratio": round(filiera["solve_ms"] / ortools["solve_ms"], 2),
            "filiera_median_ms": round(filiera["median_ms"], 1),
            "ortools_median_ms": round(ortools["median_ms"], 1),
            "median_ratio": round(filiera["median_ms"] / ortools["median_ms"], 2),
            "filiera_peak_mib": round(filiera["peak_mib"]),
            "ortools_peak_mib": round(ortools["peak_mib"]),
        })
        print(f"{people}x{places}: done", file=sys.stderr)

    header = ["size", "arcs", "filiera_cost", "ortools_cost", "filiera_ms",
              "ortools_ms", "ratio", "filiera_median_ms", "ortools_median_ms",
              "median_ratio", "filiera_peak_mib", "ortools_peak_mib"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(str(row[h]) for h in header) + " |")
    table = "\n".join(lines)
    print(table)
    (OUT / "results.json").write_text(json.dumps(rows, indent=2) + "\n")
    (OUT / "results.md").write_text(table + "\n")

    mismatched = [r["size"] for r in rows if r["filiera_cost"] != r["ortools_cost"]]
    if mismatched:
        sys.exit(f"cost mismatch at {', '.join(mismatched)}")


if __name__ == "__main__":
    main()
