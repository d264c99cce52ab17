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

# npm packages the tests and scripts use, pinned to versions that run on Node 20: the official
# TypeScript SDK and the MCP Inspector (its --cli mode; 0.21.2 declares Node 22 but its CLI runs on
# 20), which the real-client tests drive, and the original Rust server for comparisons.
MCP_SDK_VERSION=1.32.2
INSPECTOR_VERSION=0.21.2
ORIGINAL_VERSION=0.153.4
NPM_CLIENTS_DIR="$ARTIFACTS/npm-clients"

ensure_npm() {
  command -v npm >/dev/null 2>&1 || ensure_debian_packages nodejs npm
}

# Installs the MCP clients the interop tests drive into artifacts/npm-clients, once per pinned
# version, and exports CODEX_MCP_NPM_CLIENTS for the tests (which then fail, never skip, when a
# client is missing). Returns non-zero, saying why, when npm cannot install them.
ensure_npm_clients() {
  export CODEX_MCP_NPM_CLIENTS="$NPM_CLIENTS_DIR"
  local want="sdk@$MCP_SDK_VERSION inspector@$INSPECTOR_VERSION"
  if [ "$(cat "$NPM_CLIENTS_DIR/.installed" 2>/dev/null)" = "$want" ]; then return 0; fi
  ensure_npm
  echo "Installing @modelcontextprotocol/sdk@$MCP_SDK_VERSION and @modelcontextprotocol/inspector@$INSPECTOR_VERSION into $NPM_CLIENTS_DIR" >&2
  rm -rf "$NPM_CLIENTS_DIR"; mkdir -p "$NPM_CLIENTS_DIR"
  echo '{"name":"codex-npm-clients","private":true}' > "$NPM_CLIENTS_DIR/package.json"
  if npm install --prefix "$NPM_CLIENTS_DIR" --no-audit --no-fund --loglevel=error \
      "@modelcontextprotocol/sdk@$MCP_SDK_VERSION" "@modelcontextprotocol/inspector@$INSPECTOR_VERSION" >"$ARTIFACTS/npm-clients.log" 2>&1; then
    echo "$want" > "$NPM_CLIENTS_DIR/.installed"
  else
    echo "npm install of the MCP clients failed (see $ARTIFACTS/npm-clients.log): $(tail -n 1 "$ARTIFACTS/npm-clients.log")" >&2
    return 1
  fi
}

# The original Rust `codex` $ORIGINAL_VERSION (the last release with `codex mcp-server`), installed
# from npm into the folder $1. npm's platform package for linux-x64 is the optional dependency
# @openai/codex-linux-x64 (= @openai/codex@<version>-linux-x64); its native binary is started
# directly, not through the node launcher. Sets ORIGINAL_BIN, or ORIGINAL_MISSING and returns 1.
install_original_codex() {
  local dir="$1" found
  found=$(find "$dir/node_modules/@openai" -path '*/vendor/*/bin/codex' -type f 2>/dev/null | head -n 1 || true)
  if [ -z "$found" ] || ! "$found" --version 2>/dev/null | grep -q " $ORIGINAL_VERSION\$"; then
    if ! command -v npm >/dev/null 2>&1; then
      ORIGINAL_MISSING="npm is not installed"; return 1
    fi
    echo "Installing @openai/codex@$ORIGINAL_VERSION into $dir" >&2
    rm -rf "$dir"; mkdir -p "$dir"
    echo '{"name":"codex-original","private":true}' > "$dir/package.json"
    if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@openai/codex@$ORIGINAL_VERSION" >"$dir/npm.log" 2>&1; then
      ORIGINAL_MISSING="npm install @openai/codex@$ORIGINAL_VERSION failed: $(tail -n 1 "$dir/npm.log")"; return 1
    fi
    found=$(find "$dir/node_modules/@openai" -path '*/vendor/*/bin/codex' -type f 2>/dev/null | head -n 1 || true)
  fi
  if [ -z "$found" ] || ! "$found" --version >/dev/null 2>&1; then
    ORIGINAL_MISSING="the installed package has no runnable native codex binary for this platform"; return 1
  fi
  ORIGINAL_BIN="$found"
}

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
