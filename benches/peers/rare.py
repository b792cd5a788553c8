"""Times rare-event commands end to end with the release binary: mean exit
times of the 1-D double well from -1 through the saddle (exit from
(-inf, 0)) by adaptive multilevel splitting (`--method ams`) and by bridged
plain Monte Carlo at ε = 0.1 and 0.05, so report.py can compare their costs
at equal standard error, in wall time and in time steps (issue 16).

    python3 benches/peers/rare.py target/release/sgdpde results-rare.json [SCALE]

Standard library only; default thread count; the best wall time of the
repeats is kept with the command's `--json` object. SCALE multiplies the
replica, loop and path counts (at least 10 % of them are kept).
"""

import json
import subprocess
import sys
import time

BASE = ["exit-time", "double-well", "--x0=-1", "--domain", "interval:-inf:0", "--dt", "0.001",
        "--seed", "1", "--json"]

# (case, epsilon, method arguments, count flags to scale, repeats)
CASES = [
    ("ams-0.1", "0.1", ["--method", "ams", "--replicas", "1000", "--killed", "100", "--ams-loops", "4000"],
     ["--replicas", "--killed", "--ams-loops"], 3),
    ("mc-0.1", "0.1", ["--method", "mc", "--bridge", "on", "--paths", "1000", "--t-max", "20000"],
     ["--paths"], 1),
    ("ams-0.05", "0.05", ["--method", "ams", "--replicas", "4000", "--killed", "400", "--ams-loops", "2000"],
     ["--replicas", "--killed", "--ams-loops"], 1),
    # E τ ≈ 4.9·10⁴: 100 paths are 4.9·10⁹ steps (about a minute).
    ("mc-0.05", "0.05", ["--method", "mc", "--bridge", "on", "--paths", "100", "--t-max", "2000000"],
     ["--paths"], 1),
    ("ams-0.03", "0.03", ["--method", "ams", "--replicas", "20000", "--killed", "2000", "--ams-loops", "5000"],
     ["--replicas", "--killed", "--ams-loops"], 1),
]


def scaled(args, flags, scale):
    out = list(args)
    for flag in flags:
        i = out.index(flag) + 1
        out[i] = str(max(round(int(out[i]) * max(scale, 0.1)), 2))
    return out


def main():
    binary, out_path = sys.argv[1:3]
    scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    doc = {"scale": scale, "cases": []}
    for name, eps, method, flags, repeats in CASES:
        args = BASE + ["--epsilon", eps] + scaled(method, flags, scale)
        best, out = float("inf"), None
        for _ in range(repeats):
            start = time.perf_counter()
            p = subprocess.run([binary] + args, capture_output=True, text=True, check=True)
            best = min(best, time.perf_counter() - start)
            out = json.loads(p.stdout)
        doc["cases"].append({"case": name, "command": "sgdpde " + " ".join(args), "time_s": best,
                             "repeats": repeats, "result": out})
        print(f"rare events, {name}: {best:.2f} s, mean {out['mean']:.4g} ± {out['std_error']:.2g}",
              file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=1)


if __name__ == "__main__":
    main()
