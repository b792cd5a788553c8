"""Runs the peer tools on W1-W4 and writes one JSON file of results.

usage: python peers.py OUT.json [--quick]

Each entry: workload, tool, size (with a note when scaled down), time_s,
throughput (path-steps/s for SDE workloads), and the result the tool
computed, so agreement across tools is visible in BENCHMARKS.md.
"""

import json
import math
import platform
import sys
import traceback
from importlib import metadata

import fp_scipy
import sde_numpy
import sde_peers
from workloads import W1, W2, W3, exact_exit_time

TOOLS = ["numpy", "scipy", "numba", "jax", "diffrax", "torch", "torchsde", "sdeint", "fplanck", "py-pde"]


def attempt(results, workload, tool, fn, *args, size="", **kw):
    try:
        out = fn(*args, **kw)
    except Exception as e:  # a peer that fails is recorded, not fatal
        results.append(dict(workload=workload, tool=tool, size=size, error=f"{type(e).__name__}: {e}"))
        traceback.print_exc()
        return
    elapsed, rest = out[0], out[1:]
    entry = dict(workload=workload, tool=tool, size=size, time_s=elapsed)
    if len(rest) == 2:  # (paths, result)
        entry["paths"] = rest[0]
        entry["result"] = rest[1]
    else:
        entry["result"] = rest[0]
    results.append(entry)
    print(f"{workload:4} {tool:10} {size:28} {elapsed:9.3f} s  {entry['result']}", flush=True)


def main():
    out_path = sys.argv[1]
    quick = "--quick" in sys.argv
    results = []
    paths = 10_000 if quick else W1["paths"]
    step_count = W1["steps"]
    # W1
    attempt(results, "W1", "numpy", lambda: (lambda e, r: (e, paths, r))(*sde_numpy.w1_numpy(paths)), size=f"{paths} paths")
    if sde_numpy.w1_numba:
        attempt(results, "W1", "numba", lambda: (lambda e, r: (e, paths, r))(*sde_numpy.w1_numba(paths)), size=f"{paths} paths")
    attempt(results, "W1", "diffrax", sde_peers.w1_diffrax, paths=min(paths, 10_000), size="10^4 paths (scaled down)")
    attempt(results, "W1", "torchsde", sde_peers.w1_torchsde, paths=paths, size=f"{paths} paths")
    attempt(results, "W1", "sdeint", sde_peers.w1_sdeint, paths=200, size="200 paths (scaled down)")
    for r in results:
        if r["workload"] == "W1" and "time_s" in r:
            r["throughput_path_steps_per_s"] = r["paths"] * step_count / r["time_s"]
    # W2
    for eps in W2["eps"]:
        exact = exact_exit_time(eps)
        n = 2000 if quick else W2["paths"]
        for tool, fn in [("numpy", sde_numpy.w2_numpy), ("numba", sde_numpy.w2_numba)]:
            if fn is None:
                continue
            attempt(results, f"W2", tool, fn, eps, paths=n, size=f"eps={eps}, {n} paths")
            results[-1]["exact"] = exact
            results[-1]["eps"] = eps
    # W3
    for cells in W3["cells"]:
        for t_end in W3["t_end"]:
            attempt(results, "W3", "scipy-sg-bdf", fp_scipy.w3, cells, t_end, size=f"{cells} cells, t={t_end}")
            import fp_peers
            attempt(results, "W3", "fplanck", fp_peers.w3_fplanck, cells, t_end, size=f"{cells} cells, t={t_end}")
            if cells == 500 and t_end == 5.0:
                attempt(results, "W3", "py-pde", fp_peers.w3_pypde, cells, t_end, size=f"{cells} cells, t={t_end}, explicit dt=1e-4")
    # W4
    attempt(results, "W4", "scipy-sg-lu", fp_scipy.w4, size="200x200, implicit Euler, 200 steps")
    import fp_peers
    attempt(results, "W4", "fplanck", fp_peers.w4_fplanck, size="200x200, expm_multiply")
    versions = {}
    for t in TOOLS:
        try:
            versions[t] = metadata.version(t)
        except metadata.PackageNotFoundError:
            versions[t] = None
    machine = dict(python=platform.python_version(), machine=platform.machine(), processor=platform.processor(),
                   system=platform.platform())
    with open(out_path, "w") as f:
        json.dump(dict(machine=machine, versions=versions, quick=quick, results=results), f, indent=1,
                  default=lambda v: None if isinstance(v, float) and math.isnan(v) else v)


if __name__ == "__main__":
    main()
