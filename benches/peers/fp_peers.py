"""W3 and W4 in fplanck and py-pde (the Fokker-Planck tools people reach for)."""

import time

import numpy as np
from scipy import constants

# fplanck 0.2.2 (the newest for CPython 3.11) calls np.product, removed in
# NumPy 2; it is the same function as np.prod.
if not hasattr(np, "product"):
    np.product = np.prod

from workloads import W3, W4, gaussian_cells, gibbs_cells, potential_1d


def _fplanck_1d(cells, D):
    from fplanck import boundary, fokker_planck

    # fplanck works in SI units: D = k T / drag and Gibbs ∝ exp(-U / k T).
    # drag = 1 and T = D / k give D and exp(-U/D) with U the potential.
    h = (W3["hi"] - W3["lo"]) / cells
    sim = fokker_planck(temperature=D / constants.k, drag=1.0, extent=[W3["hi"] - W3["lo"]],
                        resolution=h, potential=potential_1d, boundary=boundary.reflecting)
    return sim


def w3_fplanck(cells, t_end):
    D = W3["D"]
    t_build = time.perf_counter()
    sim = _fplanck_1d(cells, D)
    x = sim.grid[0]
    build = time.perf_counter() - t_build
    p0 = lambda x: np.exp(-0.5 * ((x - W3["m0"]) / W3["sd0"]) ** 2)
    t0 = time.perf_counter()
    u = sim.propagate(p0, t_end)
    elapsed = time.perf_counter() - t0 + build
    u = u / u.sum() if u.sum() != 0 else u
    gibbs = gibbs_cells(x, D, potential_1d)
    return elapsed, dict(l1_to_gibbs=float(np.abs(u - gibbs).sum()), min=float(u.min()),
                         note="propagate() renormalises; mass drift not observable")


def w4_fplanck(cells=W4["cells"], t_end=W4["t_end"]):
    from fplanck import boundary, fokker_planck

    D = W4["D"]
    h = (W4["hi"] - W4["lo"]) / cells
    U = lambda x, y: potential_1d(x) + y**2 / 2
    t0 = time.perf_counter()
    sim = fokker_planck(temperature=D / constants.k, drag=1.0, extent=[6.0, 6.0], resolution=h,
                        potential=U, boundary=boundary.reflecting)
    p0 = lambda x, y: np.exp(-0.5 * (((x - W4["m0"][0]) / W4["sd0"]) ** 2 + ((y - W4["m0"][1]) / W4["sd0"]) ** 2))
    u = sim.propagate(p0, t_end, normalize=True)
    elapsed = time.perf_counter() - t0
    return elapsed, dict(min=float(u.min()), note="includes assembly; propagate() normalises the start only")


def w3_pypde(cells, t_end, dt=1e-4):
    import pde

    D = W3["D"]
    grid = pde.CartesianGrid([[W3["lo"], W3["hi"]]], [cells])
    x = grid.axes_coords[0]
    u0 = gaussian_cells(x, W3["m0"], W3["sd0"]) / grid.cell_volume_data[0]
    field = pde.ScalarField(grid, u0)
    # ∂u/∂t = D u'' + (u V')' with V' = x³ − x; Neumann BCs (py-pde has no
    # zero-flux condition for this flux, hence its mass loss).
    eq = pde.PDE({"u": f"{D} * laplace(u) + d_dx(u * (x**3 - x))"}, bc={"derivative": 0})
    t0 = time.perf_counter()
    res = eq.solve(field, t_range=t_end, dt=dt, tracker=None, solver="explicit")
    elapsed = time.perf_counter() - t0
    u = res.data * grid.cell_volume_data[0]
    gibbs = gibbs_cells(x, D, potential_1d)
    # Measured on the development machine: mass exact to 1e-14 up to t = 2,
    # then the far tail (x ≈ -2.4, where V'' ≈ 17) grows like e^{V'' t} from
    # round-off — the explicit central-difference form of (u V')' is not a
    # positive scheme — and by t = 5 the mass is ~1e7. Recorded as computed.
    return elapsed, dict(l1_to_gibbs=float(np.abs(u / u.sum() - gibbs).sum()), mass_error=float(abs(u.sum() - 1.0)),
                         note="explicit central differences: the tails grow from round-off after t ≈ 3 "
                              "(not a positive scheme)")
