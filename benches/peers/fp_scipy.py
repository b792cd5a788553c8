"""W3 and W4 with a SciPy sparse Scharfetter-Gummel solver: the rate matrix
assembled with scipy.sparse, integrated with solve_ivp's BDF (sparse Jacobian)
or with implicit Euler on a sparse LU (scipy.sparse.linalg.splu)."""

import time

import numpy as np
import scipy.sparse as sp
from scipy.integrate import solve_ivp
from scipy.sparse.linalg import splu

from workloads import W3, W4, gaussian_cells, gibbs_cells, potential_1d


def bernoulli(z):
    z = np.asarray(z, dtype=float)
    out = np.ones_like(z)
    big = np.abs(z) > 1e-8
    out[big] = z[big] / np.expm1(z[big])
    out[~big] = 1.0 - z[~big] / 2.0
    return out


def sg_rates_1d(v, D, h):
    """Rate-matrix entries between neighbours: (rows, cols, values) of off-diagonals."""
    d = (v[1:] - v[:-1]) / D
    fwd = D / h**2 * bernoulli(d)  # i -> i+1
    bwd = D / h**2 * bernoulli(-d)  # i+1 -> i
    return fwd, bwd


def rate_matrix_1d(v, D, h):
    n = v.size
    fwd, bwd = sg_rates_1d(v, D, h)
    i = np.arange(n - 1)
    off = sp.coo_matrix((np.concatenate([fwd, bwd]), (np.concatenate([i + 1, i]), np.concatenate([i, i + 1]))),
                        shape=(n, n)).tocsc()
    return (off - sp.diags(np.asarray(off.sum(axis=0)).ravel())).tocsc()


def rate_matrix_2d(vgrid, D, h):
    nx, ny = vgrid.shape
    idx = np.arange(nx * ny).reshape(nx, ny)
    rows, cols, vals = [], [], []
    for axis in (0, 1):
        a = np.take(idx, range(vgrid.shape[axis] - 1), axis=axis).ravel()
        b = np.take(idx, range(1, vgrid.shape[axis]), axis=axis).ravel()
        va, vb = vgrid.ravel()[a], vgrid.ravel()[b]
        d = (vb - va) / D
        rows += [b, a]
        cols += [a, b]
        vals += [D / h**2 * bernoulli(d), D / h**2 * bernoulli(-d)]
    off = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                        shape=(nx * ny, nx * ny)).tocsc()
    return (off - sp.diags(np.asarray(off.sum(axis=0)).ravel())).tocsc()


def w3(cells, t_end, rtol=1e-8, atol=1e-12):
    lo, hi, D = W3["lo"], W3["hi"], W3["D"]
    h = (hi - lo) / cells
    x = lo + h * (np.arange(cells) + 0.5)
    q = rate_matrix_1d(potential_1d(x), D, h)
    u0 = gaussian_cells(x, W3["m0"], W3["sd0"])
    t0 = time.perf_counter()
    sol = solve_ivp(lambda t, u: q @ u, (0.0, t_end), u0, method="BDF", jac=q, rtol=rtol, atol=atol)
    elapsed = time.perf_counter() - t0
    u = sol.y[:, -1]
    gibbs = gibbs_cells(x, D, potential_1d)
    return elapsed, dict(l1_to_gibbs=float(np.abs(u - gibbs).sum()), mass_error=float(abs(u.sum() - 1.0)),
                         min=float(u.min()), steps=int(sol.t.size - 1)), u


def w4_operator(cells=W4["cells"]):
    """The W4 SG rate matrix (cell masses, columns sum to 0) and the Gaussian start."""
    lo, hi, D = W4["lo"], W4["hi"], W4["D"]
    h = (hi - lo) / cells
    c = lo + h * (np.arange(cells) + 0.5)
    xg, yg = np.meshgrid(c, c, indexing="ij")
    v = potential_1d(xg) + yg**2 / 2.0
    q = rate_matrix_2d(v, D, h)
    u = (np.exp(-0.5 * (((xg - W4["m0"][0]) / W4["sd0"]) ** 2 + ((yg - W4["m0"][1]) / W4["sd0"]) ** 2))).ravel()
    return q, u / u.sum(), xg.ravel(), yg.ravel()


def w4(cells=W4["cells"], t_end=W4["t_end"], steps=200):
    """Implicit Euler with one sparse LU (the timed peer run; assembly not timed)."""
    q, u, _, _ = w4_operator(cells)
    dt = t_end / steps
    t0 = time.perf_counter()
    lu = splu((sp.identity(q.shape[0], format="csc") - dt * q).tocsc())
    for _ in range(steps):
        u = lu.solve(u)
    elapsed = time.perf_counter() - t0
    return elapsed, dict(mass_error=float(abs(u.sum() - 1.0)), min=float(u.min()), steps=steps), u


# TR-BDF2 with gamma = 2 - sqrt(2): both stages share I - (gamma/2) dt Q (as in
# sgdpde's Stepper), so the reference needs one LU.
GAMMA = 2.0 - np.sqrt(2.0)


def w4_trbdf2(cells=W4["cells"], t_end=W4["t_end"], steps=200):
    """The W4 reference: TR-BDF2 on the same SG operator (sgdpde's scheme and
    discretisation, so in exact arithmetic the same function as sgdpde's
    reference with the same step count)."""
    q, u, _, _ = w4_operator(cells)
    c = 0.5 * GAMMA * t_end / steps
    lu = splu((sp.identity(q.shape[0], format="csc") - c * q).tocsc())
    s = 1.0 / (GAMMA * (2.0 - GAMMA))
    r = (1.0 - GAMMA) ** 2 * s
    for _ in range(steps):
        star = lu.solve(u + c * (q @ u))
        u = lu.solve(s * star - r * u)
    return u


def w4_moments(u, cells=W4["cells"]):
    """Mass right of x = 0 and the means/second moments of x, y: printed by
    both tools so the two references can be compared without exchanging arrays."""
    _, _, x, y = w4_operator(cells)
    return dict(mass_right=float(u[x > 0].sum()), mean_x=float(u @ x), mean_y=float(u @ y),
                second_x=float(u @ (x * x)), second_y=float(u @ (y * y)))
