#!/usr/bin/env bash
# Measures what an MCP client feels when it spawns the server: the time from process start to
# the `initialize` answer (median and spread over N cold starts), and the resident memory of an
# idle server after initialize. Usage: bash build/bench-startup.sh [runs] [server-binary]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RUNS="${1:-15}"
BIN="${2:-}"
if [ -z "$BIN" ]; then
  dotnet restore Codex.sln --nologo -v quiet >&2
  publish_server
  BIN="$SERVER_BIN"
fi
python3 - "$BIN" "$RUNS" <<'PY'
import json, os, statistics, subprocess, sys, time
binary, runs = sys.argv[1], int(sys.argv[2])
init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}) + "\n"
times, rss = [], []
for i in range(runs + 1):
    start = time.perf_counter()
    p = subprocess.Popen([binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdin.write(init.encode()); p.stdin.flush()
    line = p.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    assert json.loads(line)["id"] == 1, line
    time.sleep(0.3)  # let start-up work settle before reading the idle footprint
    with open(f"/proc/{p.pid}/status") as status:
        kb = next(int(l.split()[1]) for l in status if l.startswith("VmRSS:"))
    p.stdin.close(); p.wait(timeout=5)
    if i > 0:  # the first run warms the page cache
        times.append(elapsed); rss.append(kb / 1024)
times.sort()
print(f"cold start to initialize answer over {runs} runs: median {statistics.median(times):.1f} ms, "
      f"min {times[0]:.1f} ms, p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, max {times[-1]:.1f} ms")
print(f"idle RSS after initialize: median {statistics.median(rss):.1f} MiB (min {min(rss):.1f}, max {max(rss):.1f})")
PY
