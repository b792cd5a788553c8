#!/usr/bin/env bash
# The side-by-side comparison in one command: sgdpde's workloads, the peer
# tools on the same workloads, and BENCHMARKS.md at the repository root.
#
#   benches/peers/run.sh
#
# Environment:
#   SGDPDE_BENCH_SCALE  scale of the Monte Carlo path counts (default 1;
#                       e.g. 0.1 to test the pipeline quickly)
#   PEERS_VENV          the Python environment (default benches/peers/.venv,
#                       created from requirements.txt if missing)
#   PIP_ARGS            extra arguments for that pip install, e.g.
#                       "--extra-index-url https://download.pytorch.org/whl/cpu"
#                       for a CPU-only torch (PyPI's Linux wheel pulls the
#                       CUDA libraries: several GB)
#   REUSE_PEERS=1       keep benches/peers/results-peers.json if it exists
#   REPORT_LABEL        a line printed at the top of BENCHMARKS.md
#
# Besides the library's figures, the commands users type for W1 and W2
# (`sgdpde simulate …`, `sgdpde exit-time …`) are timed end to end with the
# release binary (commands.py; alone: `python3 benches/peers/commands.py
# target/release/sgdpde out.json`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${PEERS_VENV:-$here/.venv}
if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv from requirements.txt" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --upgrade pip >&2
  # shellcheck disable=SC2086
  "$venv/bin/pip" install ${PIP_ARGS:-} -r "$here/requirements.txt" >&2
fi

cd "$root"
echo "sgdpde workloads (release build)" >&2
cargo run --release --locked -p sgdpde-benches --bin workloads -- --json > "$here/results-sgdpde.json"
echo "the W1 and W2 commands, end to end (release binary)" >&2
cargo build --release --locked -p sgdpde
target_dir=${CARGO_TARGET_DIR:-$root/target}
python3 "$here/commands.py" "$target_dir/release/sgdpde" "$here/results-commands.json" "${SGDPDE_BENCH_SCALE:-1}"
echo "rare events: splitting against plain Monte Carlo, end to end (release binary)" >&2
python3 "$here/rare.py" "$target_dir/release/sgdpde" "$here/results-rare.json" "${SGDPDE_BENCH_SCALE:-1}"

if [ "${REUSE_PEERS:-0}" = 1 ] && [ -s "$here/results-peers.json" ]; then
  echo "reusing $here/results-peers.json" >&2
else
  echo "peer tools" >&2
  (cd "$here" && "$venv/bin/python" peers.py "$here/results-peers.json.tmp" && mv "$here/results-peers.json.tmp" "$here/results-peers.json")
fi

git_desc=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- crates benches 2>/dev/null || git_desc="$git_desc (with uncommitted changes)"
python3 - "$here/results-meta.json" "$git_desc" <<'PY'
import json, subprocess, sys
rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip()
json.dump({"rustc": rustc, "git": sys.argv[2], "command": "benches/peers/run.sh"}, open(sys.argv[1], "w"))
PY
label_args=()
if [ -n "${REPORT_LABEL:-}" ]; then label_args=(--label "$REPORT_LABEL"); fi
python3 "$here/report.py" "$here/results-sgdpde.json" "$here/results-peers.json" "$root/BENCHMARKS.md" \
  --meta "$here/results-meta.json" --commands "$here/results-commands.json" --rare "$here/results-rare.json" \
  "${label_args[@]}"
