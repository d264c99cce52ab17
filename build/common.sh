# Shared by build/*.sh: repository root, quiet dotnet, and the one-time tool installs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
ARTIFACTS="$ROOT/artifacts"
SERVER_DIR="$ARTIFACTS/server"
SERVER_BIN="$SERVER_DIR/codex-mcp-server"

# Installs Debian packages the tests or the demo need, once, only when missing.
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# Publishes the server (ReadyToRun) to artifacts/server.
publish_server() {
  dotnet publish Codex.McpServer/Codex.McpServer.csproj -c Release -o "$SERVER_DIR" --nologo -v quiet -p:TreatWarningsAsErrors=true >&2
}
