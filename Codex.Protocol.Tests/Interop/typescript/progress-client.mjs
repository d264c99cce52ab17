// Drives the Codex MCP server with the official TypeScript SDK, as a Node client would: one
// `codex` call with a request timeout shorter than the turn, reset (or not) by progress.
// Usage: node progress-client.mjs <server> <cwd> <timeout-ms> <reset|no-reset>
// The SDK is loaded from $CODEX_TS_MCP_SDK (artifacts/npm-clients: a folder with node_modules/@modelcontextprotocol/sdk).
// Prints one JSON line: {ok, result | error, progress: [{at, progress, message}], elapsedMs}.
import { createRequire } from 'node:module';
import path from 'node:path';

const [server, cwd, timeoutText, mode] = process.argv.slice(2);
const sdkDir = process.env.CODEX_TS_MCP_SDK;
if (!sdkDir) {
  console.error('CODEX_TS_MCP_SDK is not set');
  process.exit(2);
}

const require = createRequire(path.join(sdkDir, 'package.json'));
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');

const transport = new StdioClientTransport({ command: server, args: [], cwd, env: { ...process.env }, stderr: 'ignore' });
const client = new Client({ name: 'ts-progress-interop', version: '1.0.0' });
await client.connect(transport);

const progress = [];
const start = Date.now();
let output;
try {
  const result = await client.callTool(
    { name: 'codex', arguments: { prompt: 'take your time', cwd, sandbox: 'read-only', 'approval-policy': 'never' } },
    undefined,
    {
      timeout: Number(timeoutText),
      resetTimeoutOnProgress: mode === 'reset',
      maxTotalTimeout: 120000,
      onprogress: (p) => progress.push({ at: Date.now() - start, progress: p.progress, message: p.message }),
    });
  output = { ok: true, result, progress, elapsedMs: Date.now() - start };
} catch (error) {
  output = { ok: false, error: { code: error.code ?? null, message: String(error.message) }, progress, elapsedMs: Date.now() - start };
}

console.log(JSON.stringify(output));
await client.close();
