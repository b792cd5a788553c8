"""The four workloads of the side-by-side comparison, as plain data.

W1  dX = -(X^3 - X) dt + sqrt(2*0.25) dW, x0 = -1, 1e5 paths, dt = 1e-3,
    1e3 steps: mean, variance, fraction X_T > 0.
W2  same SDE with sqrt(2 eps), eps in {0.25, 0.2, 0.15}, exit at X > 0 from
    x0 = -1, 2e4 paths, dt = 1e-3: mean exit time and standard error
    against the exact quadrature.
W3  1-D Fokker-Planck, V = (x^2-1)^2/4, D = 0.25, [-3, 3], 500 and 2000
    cells, reflecting, Gaussian start at -1 (sd 0.1), to t = 5 and t = 50:
    L1 distance to Gibbs, mass drift.
W4  2-D, V = (x^2-1)^2/4 + y^2/2, D = 0.25, [-3, 3]^2, 200 x 200, to t = 5:
    time and mass error.
"""

import math

import numpy as np
from scipy import integrate

W1 = dict(paths=100_000, dt=1e-3, steps=1000, x0=-1.0, eps=0.25)
W2 = dict(paths=20_000, dt=1e-3, x0=-1.0, eps=(0.25, 0.2, 0.15), t_max=1e4)
W3 = dict(D=0.25, lo=-3.0, hi=3.0, cells=(500, 2000), t_end=(5.0, 50.0), m0=-1.0, sd0=0.1)
W4 = dict(D=0.25, lo=-3.0, hi=3.0, cells=200, t_end=5.0, m0=(-1.0, 0.0), sd0=0.1)


def potential_1d(x):
    return (x * x - 1.0) ** 2 / 4.0


def exact_exit_time(eps, x0=-1.0, barrier=0.0):
    """Mean first time X reaches `barrier` from x0 for dX = -V' dt + sqrt(2 eps) dW.

    T(x0) = (1/eps) int_{x0}^{b} e^{V(y)/eps} int_{-inf}^{y} e^{-V(z)/eps} dz dy
    (reflecting at -infinity, absorbing at b).
    """
    inner = lambda y: integrate.quad(lambda z: math.exp(-potential_1d(z) / eps), -8.0, y,
                                     epsabs=0, epsrel=1e-12, limit=200)[0]
    outer = integrate.quad(lambda y: math.exp(potential_1d(y) / eps) * inner(y), x0, barrier,
                           epsabs=0, epsrel=1e-11, limit=200)[0]
    return outer / eps


def gibbs_cells(centres, D, potential):
    w = np.exp(-potential(centres) / D)
    return w / w.sum()


def gaussian_cells(centres, m, sd):
    w = np.exp(-0.5 * ((centres - m) / sd) ** 2)
    return w / w.sum()
