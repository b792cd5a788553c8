#!/usr/bin/env python3
"""Optional cross-check of sgdpde's .npy files against NumPy itself.

Not part of CI (it needs numpy): run by hand as
    python3 crates/cli/tests/npy_check.py path/to/sgdpde
It writes a simulate, a fokker-planck and an `sgd` result with --out, loads
every .npy with numpy.load, and checks dtype, shape and contents against the
JSON the same run wrote (means to a few ulps, masses to round-off). It also
re-encodes each array with numpy's own writer and checks that the data bytes
agree (numpy may pad its header differently; both are valid format 1.0).
"""
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np


def run(exe, args):
    subprocess.run([exe, *args], check=True, stdout=subprocess.DEVNULL)


def load(path):
    raw = path.read_bytes()
    assert raw[:8] == b"\x93NUMPY\x01\x00", path
    hlen = int.from_bytes(raw[8:10], "little")
    assert (10 + hlen) % 64 == 0, path
    a = np.load(path)
    assert a.dtype == np.dtype("<f8") and a.flags.c_contiguous, path
    buf = io.BytesIO()
    np.save(buf, a)
    ours = raw[10 + hlen:]
    theirs = buf.getvalue()
    theirs = theirs[10 + int.from_bytes(theirs[8:10], "little"):]
    assert ours == theirs, f"{path}: data bytes differ from numpy's"
    return a


def main(exe):
    tmp = Path(tempfile.mkdtemp())
    sim = tmp / "sim"
    run(exe, ["simulate", "double-well-2d", "--epsilon", "0.5", "--x0=-1,0", "--paths", "3000",
              "--dt", "0.01", "--t-end", "1", "--out", str(sim)])
    summary = json.loads((sim / "summary.json").read_text())
    x = load(sim / "terminal.npy")
    assert x.shape == (3000, 2), x.shape
    mean = summary["terminal"]["mean"]
    assert np.allclose(x.mean(axis=0), mean, rtol=0, atol=1e-12), (x.mean(axis=0), mean)
    var = summary["terminal"]["variance"]
    assert np.allclose(x.var(axis=0, ddof=1), var, rtol=1e-10), (x.var(axis=0, ddof=1), var)

    fp = tmp / "fp"
    run(exe, ["fokker-planck", "double-well-2d", "--cells", "30,20", "--lower=-2,-1.5",
              "--upper", "2,1.5", "--t-end", "0.5", "--x0=-1,0", "--sd", "0.3", "--out", str(fp)])
    s = json.loads((fp / "summary.json").read_text())
    u = load(fp / "density.npy")
    ax0, ax1 = load(fp / "axis0.npy"), load(fp / "axis1.npy")
    assert u.shape == (30, 20) and ax0.shape == (30,) and ax1.shape == (20,), u.shape
    cell = (4 / 30) * (3 / 20)
    assert abs(u.sum() * cell - s["mass"]) < 1e-12, (u.sum() * cell, s["mass"])
    # axis 0 is x: the start at x = −1 leaves more mass at negative x.
    assert u[ax0 < 0].sum() > u[ax0 > 0].sum()
    assert abs(u.min() - s["minimum"]) == 0.0

    sgd = tmp / "sgd"
    run(exe, ["sgd", "--data", "iris", "--steps", "10", "--paths", "200", "--compare-sde",
              "--out", str(sgd)])
    t = load(sgd / "sgd_terminal.npy")
    assert t.shape == (200, 5), t.shape
    load(sgd / "sde_terminal.npy")
    print("npy cross-check: all arrays load in numpy", np.__version__, "and match their JSON")


if __name__ == "__main__":
    main(sys.argv[1])
