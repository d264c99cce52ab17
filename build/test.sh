#!/usr/bin/env bash
# Restores, builds and runs every test; the last line is "N passed, M failed[, K skipped]".
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# git: apply_patch tests check our turn diffs with `git apply`; python3: this script's summary
# and the approval-matrix network probes; util-linux: unshare/setpriv for the sandbox tests;
# gcc and libc6-dev: the security suite compiles its escape probe (kernel UAPI headers included).
ensure_debian_packages git python3 util-linux gcc libc6-dev

dotnet restore Codex.sln --nologo -v quiet >&2
dotnet build Codex.sln -c Release --no-restore --nologo -v quiet >&2
# The end-to-end tests drive the shipped NativeAOT binary (a plain `dotnet test` runs the JIT
# build instead), and the packaging test installs the tool packages made here.
timed() { local start=$SECONDS; "$@"; echo "$1: $((SECONDS - start)) s" >&2; }
timed publish_server
timed pack_server
export CODEX_MCP_SERVER="$SERVER_BIN" CODEX_TOOL_PACKAGES="$PACKAGES_DIR"

# The official TypeScript MCP SDK, pinned (runs on Node 20), for the surface tests that check our
# structuredContent with its output-schema validation. Installed once into artifacts/.
MCP_TS_SDK_VERSION=1.32.2
MCP_TS_SDK="$ARTIFACTS/mcp-ts-sdk"
if ! grep -qs "\"version\": \"$MCP_TS_SDK_VERSION\"" "$MCP_TS_SDK/node_modules/@modelcontextprotocol/sdk/package.json"; then
  mkdir -p "$MCP_TS_SDK" && echo '{"private":true}' > "$MCP_TS_SDK/package.json"
  (cd "$MCP_TS_SDK" && npm install --no-audit --no-fund --silent "@modelcontextprotocol/sdk@$MCP_TS_SDK_VERSION" >&2) || echo "npm install of @modelcontextprotocol/sdk failed; the TypeScript SDK tests will be skipped" >&2
fi
export CODEX_MCP_TS_SDK="$MCP_TS_SDK/node_modules"

RESULTS="$ARTIFACTS/test-results"
rm -rf "$RESULTS"
status=0
dotnet test Codex.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$RESULTS" || status=$?

# One summary line over every test assembly, from the TRX counters.
python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0)) + int(c.get("inconclusive", 0))
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
exit $status
