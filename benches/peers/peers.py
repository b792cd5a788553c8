"""Runs the peer tools on W1-W4 and writes one JSON file of results.

usage: python peers.py OUT.json [--quick]

SGDPDE_BENCH_SCALE (default 1; --quick means 0.1) scales the Monte Carlo
path counts, as for the sgdpde side; at a scale below 1 the peers that take
minutes (fplanck at 2000 cells, py-pde) are skipped so that the pipeline can
be tested end to end quickly.

Each entry: workload, tool, size (with a note when scaled down), time_s,
throughput (path-steps/s for SDE workloads), and the result the tool
computed, so agreement across tools is visible in BENCHMARKS.md.
"""

import json
import math
import os
import platform
import sys
import traceback
from importlib import metadata

import numpy as np

import fp_scipy
import sde_numpy
import sde_peers
from workloads import W1, W2, W3, exact_exit_time

TOOLS = ["numpy", "scipy", "numba", "jax", "jaxlib", "diffrax", "torch", "torchsde", "sdeint", "fplanck",
         "py-pde"]


def attempt(results, workload, tool, fn, size="", **extra):
    """Runs fn() -> (elapsed, result) or (elapsed, paths, result); records it or its error."""
    try:
        out = fn()
    except Exception as e:  # a peer that fails is recorded, not fatal
        results.append(dict(workload=workload, tool=tool, size=size, error=f"{type(e).__name__}: {e}", **extra))
        traceback.print_exc()
        return None
    entry = dict(workload=workload, tool=tool, size=size, time_s=out[0], **extra)
    if len(out) == 3:
        entry["paths"], entry["result"] = out[1], out[2]
    else:
        entry["result"] = out[1]
    results.append(entry)
    print(f"{workload:4} {tool:14} {size:40} {out[0]:9.3f} s  {entry['result']}", flush=True)
    return entry


def skipped(results, workload, tool, size, why, **extra):
    results.append(dict(workload=workload, tool=tool, size=size, skipped=why, **extra))
    print(f"{workload:4} {tool:14} {size:40} skipped: {why}", flush=True)


def main():
    out_path = sys.argv[1]
    scale = 0.1 if "--quick" in sys.argv else float(os.environ.get("SGDPDE_BENCH_SCALE", "1"))
    full = scale >= 1.0
    results = []
    paths = max(1000, round(W1["paths"] * scale))
    steps = W1["steps"]
    # W1
    attempt(results, "W1", "numpy", lambda: (lambda e, r: (e, paths, r))(*sde_numpy.w1_numpy(paths)),
            size=f"{paths} paths")
    if sde_numpy.w1_numba:
        attempt(results, "W1", "numba", lambda: (lambda e, r: (e, paths, r))(*sde_numpy.w1_numba(paths)),
                size=f"{paths} paths")
    small = min(paths, 10_000)
    attempt(results, "W1", "diffrax", lambda: sde_peers.w1_diffrax(paths=small),
            size=f"{small} paths" + (" (scaled down)" if small < paths else ""))
    # torchsde at 10^5 paths took 358 s on the development machine (10^4: 4 s).
    attempt(results, "W1", "torchsde", lambda: sde_peers.w1_torchsde(paths=small),
            size=f"{small} paths" + (" (scaled down: 10^5 takes about 6 min)" if small < paths else ""))
    attempt(results, "W1", "sdeint", lambda: sde_peers.w1_sdeint(paths=200), size="200 paths (scaled down)")
    for r in results:
        if r["workload"] == "W1" and "time_s" in r:
            r["throughput_path_steps_per_s"] = r["paths"] * steps / r["time_s"]
    # W2
    n = max(500, round(W2["paths"] * scale))
    for eps in W2["eps"]:
        exact = exact_exit_time(eps)
        for tool, fn in [("numpy", sde_numpy.w2_numpy), ("numba", sde_numpy.w2_numba)]:
            if fn is None:
                continue
            e = attempt(results, "W2", tool, lambda: fn(eps, paths=n), size=f"eps={eps}, {n} paths",
                        eps=eps, exact=exact, paths=n)
            if e is not None:
                res = e["result"]
                steps_done = (n - res["censored"]) * res["mean"] / W2["dt"]
                e["throughput_path_steps_per_s"] = steps_done / e["time_s"]
                e["bias"], e["bias_se"] = res["mean"] - exact, res["std_error"]
    # W3
    import fp_peers
    for cells in W3["cells"]:
        for t_end in W3["t_end"]:
            size = f"{cells} cells, t={t_end:g}"
            # The converged reference of the same SG semi-discretisation (not timed).
            ref = fp_scipy.w3(cells, t_end, rtol=1e-12, atol=1e-16)[2]
            for rtol in (1e-6, 1e-8):
                def run(rtol=rtol):
                    elapsed, res, u = fp_scipy.w3(cells, t_end, rtol=rtol, atol=rtol * 1e-4)
                    res["l1_to_reference"] = float(np.abs(u - ref).sum())
                    return elapsed, res
                attempt(results, "W3", f"scipy-sg-bdf (rtol {rtol:g})", run, size=size, cells=cells, t_end=t_end)
            if cells == 2000 and t_end == 50.0:
                skipped(results, "W3", "fplanck", size, "takes about 6 min (356 s measured); see 500 cells",
                        cells=cells, t_end=t_end)
            elif cells == 2000 and not full:
                skipped(results, "W3", "fplanck", size, "skipped at scale < 1 (about 30 s)", cells=cells,
                        t_end=t_end)
            else:
                attempt(results, "W3", "fplanck", lambda: fp_peers.w3_fplanck(cells, t_end), size=size,
                        cells=cells, t_end=t_end)
            if cells == 500 and t_end == 5.0:
                if full:
                    attempt(results, "W3", "py-pde", lambda: fp_peers.w3_pypde(cells, t_end),
                            size=f"{size}, explicit dt=1e-4", cells=cells, t_end=t_end)
                else:
                    skipped(results, "W3", "py-pde", size, "skipped at scale < 1", cells=cells, t_end=t_end)
    # W4
    # The reference of the same SG discretisation (TR-BDF2, 200 steps, not timed),
    # with moments printed by both tools to check it equals sgdpde's reference.
    w4_ref = fp_scipy.w4_trbdf2(steps=200)

    def w4_run():
        elapsed, res, u = fp_scipy.w4()
        res["l1_to_reference"] = float(np.abs(u - w4_ref).sum())
        res["reference_steps"] = 200
        res["reference_moments"] = fp_scipy.w4_moments(w4_ref)
        return elapsed, res

    attempt(results, "W4", "scipy-sg-lu", w4_run, size="200x200, implicit Euler, 200 steps")
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
        json.dump(dict(machine=machine, versions=versions, scale=scale, results=results), f, indent=1,
                  default=lambda v: None if isinstance(v, float) and math.isnan(v) else float(v))


if __name__ == "__main__":
    main()
