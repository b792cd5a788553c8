"""Times the commands users type for W1 and W2, end to end (process start,
argument parsing, the run, the report on stdout), with the release binary.

    python3 benches/peers/commands.py target/release/sgdpde results-commands.json

Standard library only. Each command runs with `--threads 1` and with the
default thread count; the best wall time of REPEATS runs is kept, with the
numbers the command printed (its `--json` object), so report.py can set
them beside the library's figures for the same workload
(benches/src/workloads.rs: W1 and W2 at eps = 0.25 in the sqrt(2 eps)
convention, i.e. sgdpde's --epsilon 0.5).
"""

import json
import subprocess
import sys
import time

REPEATS = 3

# W1 and W2 (eps = 0.25) with the workloads' seeds, as one types them.
W1 = ["simulate", "double-well", "--epsilon", "0.5", "--x0=-1", "--t-end", "1", "--dt", "0.001",
      "--paths", "100000", "--seed", "12345", "--json"]
W2 = ["exit-time", "double-well", "--epsilon", "0.5", "--x0=-1", "--domain", "interval:-inf:0",
      "--dt", "0.001", "--paths", "20000", "--t-max", "10000", "--seed", "2", "--bridge", "on", "--json"]


def scaled(args, scale, least):
    """`args` with the --paths value multiplied by `scale` (at least `least`,
    as benches/src/workloads.rs `scaled`)."""
    out = list(args)
    i = out.index("--paths") + 1
    out[i] = str(max(least, round(int(out[i]) * scale)))
    return out


def time_command(binary, args, threads, repeats=REPEATS):
    """Best wall time of `repeats` runs of `binary args [--threads N]` and its JSON output."""
    cmd = [binary] + args + ([] if threads is None else ["--threads", str(threads)])
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True, check=True)
        best = min(best, time.perf_counter() - start)
        out = json.loads(p.stdout)
    return {"command": "sgdpde " + " ".join(args), "threads": threads if threads else "default",
            "time_s": best, "repeats": repeats, "result": out}


def main():
    binary, out_path = sys.argv[1:3]
    scale = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    doc = {"scale": scale, "w1": [], "w2": []}
    for threads in (1, None):
        doc["w1"].append(time_command(binary, scaled(W1, scale, 1000), threads))
        doc["w2"].append(time_command(binary, scaled(W2, scale, 500), threads, repeats=1))
        print(f"commands, threads {threads or 'default'}: W1 {doc['w1'][-1]['time_s']:.3f} s, "
              f"W2 {doc['w2'][-1]['time_s']:.3f} s", file=sys.stderr)
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=1)


if __name__ == "__main__":
    main()
