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

PACKAGES_DIR="$ARTIFACTS/packages"

# npm packages the tests and scripts use, pinned to versions that run on Node 20.
MCP_SDK_VERSION=1.32.2
INSPECTOR_VERSION=0.21.2
ORIGINAL_VERSION=0.153.4

# What NativeAOT's compiler (ILC) links with: clang as the linker driver, zlib for the runtime.
ensure_native_toolchain() {
  ensure_debian_packages clang zlib1g-dev
}

# Publishes the server as a NativeAOT binary to artifacts/server (the binary run.sh starts, the
# end-to-end tests drive and the benchmarks time). Trim and AOT warnings are errors.
publish_server() {
  ensure_native_toolchain
  rm -rf "$SERVER_DIR"
  dotnet publish Codex.McpServer/Codex.McpServer.csproj -c Release -r linux-x64 -o "$SERVER_DIR" \
    --nologo -v quiet -p:TreatWarningsAsErrors=true >&2
}

# Packs the server as a .NET tool / MCP server package into artifacts/packages: the pointer
# package, the NativeAOT linux-x64 package (reusing publish_server's native code when it is up to
# date) and the framework-dependent "any" package every other platform falls back to.
pack_server() {
  ensure_native_toolchain
  rm -f "$PACKAGES_DIR"/codex-mcp-server.*nupkg
  local common=(-c Release -o "$PACKAGES_DIR" --nologo -v quiet -p:TreatWarningsAsErrors=true)
  # The pointer package holds no binaries: pack it from the Release build without rebuilding, since
  # a tool pack builds without the apphost and would delete the one the tests start.
  dotnet build Codex.McpServer/Codex.McpServer.csproj -c Release --nologo -v quiet >&2
  dotnet pack Codex.McpServer/Codex.McpServer.csproj --no-build "${common[@]}" >&2
  dotnet pack Codex.McpServer/Codex.McpServer.csproj -r linux-x64 "${common[@]}" >&2
  dotnet pack Codex.McpServer/Codex.McpServer.csproj -r any -p:PublishAot=false "${common[@]}" >&2
}
