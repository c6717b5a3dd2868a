"""Solves a filiera instance file with OR-Tools' SimpleMinCostFlow.

Prints one JSON object: {"status", "cost", "solve_ms", "arcs"}; solve_ms is
the time spent in Solve() only. Lower bounds are not supported by
SimpleMinCostFlow, so instances with a non-zero `lower` are rejected.
"""

import json
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def load(path):
    try:
        import orjson  # optional, much faster on large files

        with open(path, "rb") as handle:
            return orjson.loads(handle.read())
    except ImportError:
        with open(path) as handle:
            return json.load(handle)


def main():
    instance = load(sys.argv[1])
    arcs = instance["arcs"]
    if any(arc.get("lower", 0) for arc in arcs):
        sys.exit("OR-Tools SimpleMinCostFlow has no lower bounds")
    starts = np.fromiter((a["from"] for a in arcs), dtype=np.int32, count=len(arcs))
    ends = np.fromiter((a["to"] for a in arcs), dtype=np.int32, count=len(arcs))
    capacities = np.fromiter((a["capacity"] for a in arcs), dtype=np.int64, count=len(arcs))
    costs = np.fromiter((a["cost"] for a in arcs), dtype=np.int64, count=len(arcs))
    nodes = instance["nodes"]
    ids = np.fromiter((n["id"] for n in nodes), dtype=np.int32, count=len(nodes))
    supplies = np.fromiter((n["supply"] for n in nodes), dtype=np.int64, count=len(nodes))
    del instance, arcs, nodes

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(starts, ends, capacities, costs)
    flow.set_nodes_supplies(ids, supplies)
    started = time.perf_counter()
    status = flow.solve()
    solve_ms = (time.perf_counter() - started) * 1e3
    result = {"status": "optimal" if status == flow.OPTIMAL else str(status), "solve_ms": solve_ms, "arcs": len(starts)}
    if status == flow.OPTIMAL:
        result["cost"] = flow.optimal_cost()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
