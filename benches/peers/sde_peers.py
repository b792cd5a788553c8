"""W1 in the SDE libraries people reach for: diffrax (JAX, CPU), torchsde, sdeint.

These libraries are built for gradients through solvers and for small
systems; on 1e5 paths x 1e3 steps some take minutes, so each runs at a
scaled-down path count (stated in the results) and reports throughput in
path-steps per second, which is what the comparison uses.
"""

import math
import time

import numpy as np

from workloads import W1


def w1_diffrax(paths=10_000, seed=1):
    import jax
    import jax.numpy as jnp
    import diffrax

    jax.config.update("jax_enable_x64", True)
    dt, steps, eps = W1["dt"], W1["steps"], W1["eps"]
    t1 = dt * steps
    sigma = math.sqrt(2 * eps)
    drift = lambda t, y, args: -(y**3 - y)
    diffusion = lambda t, y, args: sigma * jnp.ones_like(y)

    def solve(key):
        bm = diffrax.VirtualBrownianTree(0.0, t1, tol=dt / 2, shape=(), key=key)
        terms = diffrax.MultiTerm(diffrax.ODETerm(drift), diffrax.ControlTerm(diffusion, bm))
        sol = diffrax.diffeqsolve(terms, diffrax.Euler(), 0.0, t1, dt, jnp.asarray(W1["x0"]),
                                  saveat=diffrax.SaveAt(t1=True), max_steps=steps + 1)
        return sol.ys[0]

    keys = jax.random.split(jax.random.PRNGKey(seed), paths)
    run = jax.jit(jax.vmap(solve))
    run(keys[:8]).block_until_ready()  # compile for the small batch
    run(keys).block_until_ready()  # compile for the full batch (not timed)
    t0 = time.perf_counter()
    x = np.asarray(run(keys).block_until_ready())
    elapsed = time.perf_counter() - t0
    return elapsed, paths, dict(mean=float(x.mean()), var=float(x.var(ddof=1)), frac_pos=float((x > 0).mean()))


def w1_torchsde(paths=100_000, seed=1):
    import torch
    import torchsde

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    dt, steps, eps = W1["dt"], W1["steps"], W1["eps"]
    sigma = math.sqrt(2 * eps)

    class DoubleWell(torch.nn.Module):
        noise_type = "diagonal"
        sde_type = "ito"

        def f(self, t, y):
            return -(y**3 - y)

        def g(self, t, y):
            return sigma * torch.ones_like(y)

    y0 = torch.full((paths, 1), W1["x0"], dtype=torch.float64)
    ts = torch.tensor([0.0, dt * steps], dtype=torch.float64)
    t0 = time.perf_counter()
    with torch.no_grad():
        ys = torchsde.sdeint(DoubleWell(), y0, ts, method="euler", dt=dt)
    elapsed = time.perf_counter() - t0
    x = ys[-1, :, 0].numpy()
    return elapsed, paths, dict(mean=float(x.mean()), var=float(x.var(ddof=1)), frac_pos=float((x > 0).mean()))


def w1_sdeint(paths=200, seed=1):
    import sdeint

    dt, steps, eps = W1["dt"], W1["steps"], W1["eps"]
    sigma = math.sqrt(2 * eps)
    tspan = np.linspace(0.0, dt * steps, steps + 1)
    f = lambda x, t: -(x**3 - x)
    g = lambda x, t: np.array([[sigma]])
    rng = np.random.default_rng(seed)
    out = np.empty(paths)
    t0 = time.perf_counter()
    for p in range(paths):
        dW = rng.standard_normal((steps, 1)) * math.sqrt(dt)
        out[p] = sdeint.itoEuler(f, g, np.array([W1["x0"]]), tspan, dW=dW)[-1, 0]
    elapsed = time.perf_counter() - t0
    return elapsed, paths, dict(mean=float(out.mean()), var=float(out.var(ddof=1)), frac_pos=float((out > 0).mean()))
