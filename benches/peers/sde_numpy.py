"""W1 and W2 in vectorised NumPy and in numba (the two fastest Python routes)."""

import math
import time

import numpy as np

from workloads import W1, W2


def w1_numpy(paths=W1["paths"], seed=1):
    rng = np.random.default_rng(seed)
    dt, s = W1["dt"], math.sqrt(2 * W1["eps"] * W1["dt"])
    x = np.full(paths, W1["x0"])
    t0 = time.perf_counter()
    for _ in range(W1["steps"]):
        x += -(x * x * x - x) * dt + s * rng.standard_normal(paths)
    elapsed = time.perf_counter() - t0
    return elapsed, dict(mean=float(x.mean()), var=float(x.var(ddof=1)), frac_pos=float((x > 0).mean()))


def w2_numpy(eps, paths=W2["paths"], seed=2):
    rng = np.random.default_rng(seed)
    dt = W2["dt"]
    s = math.sqrt(2 * eps * dt)
    x = np.full(paths, W2["x0"])
    tau = np.full(paths, np.nan)
    alive = np.arange(paths)
    k = 0
    t0 = time.perf_counter()
    while alive.size and k * dt < W2["t_max"]:
        xa = x[alive]
        xa += -(xa * xa * xa - xa) * dt + s * rng.standard_normal(alive.size)
        x[alive] = xa
        k += 1
        gone = xa > 0.0
        tau[alive[gone]] = k * dt
        alive = alive[~gone]
    elapsed = time.perf_counter() - t0
    done = tau[~np.isnan(tau)]
    return elapsed, dict(mean=float(done.mean()), std_error=float(done.std(ddof=1) / math.sqrt(done.size)),
                         censored=int(np.isnan(tau).sum()))


try:
    import numba

    @numba.njit(parallel=True, fastmath=False)
    def _w1_kernel(paths, steps, dt, s, x0, seed):
        out = np.empty(paths)
        for p in numba.prange(paths):
            np.random.seed(seed + p)
            x = x0
            for _ in range(steps):
                x += -(x * x * x - x) * dt + s * np.random.standard_normal()
            out[p] = x
        return out

    @numba.njit(parallel=True)
    def _w2_kernel(paths, dt, s, x0, t_max, seed):
        out = np.empty(paths)
        kmax = int(t_max / dt)
        for p in numba.prange(paths):
            np.random.seed(seed + p)
            x = x0
            k = 0
            while x <= 0.0 and k < kmax:
                x += -(x * x * x - x) * dt + s * np.random.standard_normal()
                k += 1
            out[p] = k * dt if x > 0.0 else np.nan
        return out

    def w1_numba(paths=W1["paths"], seed=1):
        dt, s = W1["dt"], math.sqrt(2 * W1["eps"] * W1["dt"])
        _w1_kernel(64, 10, dt, s, W1["x0"], seed)  # compile outside the timing
        t0 = time.perf_counter()
        x = _w1_kernel(paths, W1["steps"], dt, s, W1["x0"], seed)
        elapsed = time.perf_counter() - t0
        return elapsed, dict(mean=float(x.mean()), var=float(x.var(ddof=1)), frac_pos=float((x > 0).mean()))

    def w2_numba(eps, paths=W2["paths"], seed=2):
        dt = W2["dt"]
        s = math.sqrt(2 * eps * dt)
        _w2_kernel(16, dt, s, W2["x0"], 1.0, seed)
        t0 = time.perf_counter()
        tau = _w2_kernel(paths, dt, s, W2["x0"], W2["t_max"], seed)
        elapsed = time.perf_counter() - t0
        done = tau[~np.isnan(tau)]
        return elapsed, dict(mean=float(done.mean()), std_error=float(done.std(ddof=1) / math.sqrt(done.size)),
                             censored=int(np.isnan(tau).sum()))
except ImportError:  # numba missing: the runner records the peer as unavailable
    w1_numba = w2_numba = None
