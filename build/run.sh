#!/usr/bin/env bash
# Builds and starts the server on this terminal's stdin/stdout (logs on stderr).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
dotnet restore Codex.sln --nologo -v quiet >&2
publish_server
exec "$SERVER_BIN" "$@"
