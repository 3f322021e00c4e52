#!/usr/bin/env bash
# The pages of `run --serve` in headless Chromium (see check.py), installing Chromium from the
# system's packages when it is missing. Needs the debug binary that `cargo test` builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Where cargo put it (target/<host>/debug/, the target being named in .cargo/config.toml).
bin=$(cargo build --quiet --bin holdspace --message-format=json-render-diagnostics |
    python3 -c 'import json, sys; print(next(m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable")))')
python3 tests/browser/check.py "$bin"
