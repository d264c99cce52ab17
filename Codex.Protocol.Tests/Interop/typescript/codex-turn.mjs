// The official MCP TypeScript SDK drives a Codex MCP server: lists the tools, calls `codex`
// (whose scripted model asks to run two commands), answers the first elicitation through the SDK's
// elicitation handler with the MCP-standard {action: "accept"} and the second with Codex's
// {decision: "denied"}, collects the codex/event notifications, then calls `codex-reply`.
// Usage: node codex-turn.mjs <sdk-dir> <workspace> <server command> [server args...]
// The server inherits this process's environment (CODEX_HOME points it at the scripted model).
// Prints one JSON summary line on stdout.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [sdkDir, workspace, command, ...args] = process.argv.slice(2);
const load = (file) => import(pathToFileURL(path.join(sdkDir, "dist", "esm", file)).href);
const { Client } = await load("client/index.js");
const { StdioClientTransport } = await load("client/stdio.js");
const { ElicitRequestSchema } = await load("types.js");

const client = new Client({ name: "ts-sdk-interop", version: "1.0.0" }, { capabilities: { elicitation: {} } });
const elicitations = [];
const events = [];

// The SDK validates what its elicitation handler returns against the MCP ElicitResult, so the
// first answer goes that way; Codex's own {decision} shape is not an ElicitResult, so the handler
// then steps aside and the fallback handler (no SDK validation) answers the second.
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  elicitations.push({ via: "sdk-handler", params: request.params });
  client.removeRequestHandler("elicitation/create");
  return { action: "accept" };
});
client.fallbackRequestHandler = async (request) => {
  if (request.method !== "elicitation/create") throw new Error(`unexpected request ${request.method}`);
  elicitations.push({ via: "fallback", params: request.params });
  return { decision: "denied" };
};
client.fallbackNotificationHandler = async (notification) => {
  if (notification.method === "codex/event") events.push(notification.params);
};

const transport = new StdioClientTransport({ command, args, env: process.env, stderr: "inherit" });
await client.connect(transport);
const tools = await client.listTools();
const options = { timeout: 120000 };
const first = await client.callTool({
  name: "codex",
  arguments: { prompt: "touch two files", cwd: workspace, "approval-policy": "untrusted", sandbox: "workspace-write" },
}, undefined, options);
const threadId = first.structuredContent?.threadId;
const second = await client.callTool({ name: "codex-reply", arguments: { threadId, prompt: "and now?" } }, undefined, options);
await client.close();

console.log(JSON.stringify({
  server: client.getServerVersion(),
  tools: tools.tools.map((t) => t.name),
  first: { isError: first.isError ?? false, text: first.content?.[0]?.text, threadId },
  second: { isError: second.isError ?? false, text: second.content?.[0]?.text, threadId: second.structuredContent?.threadId },
  // The SDK's handler sees the params as its schema parsed them (message, requestedSchema); the
  // fallback sees them whole, codex_* fields included.
  elicitations: elicitations.map((e) => ({ via: e.via, message: e.params.message, kind: e.params.codex_elicitation ?? null })),
  eventTypes: [...new Set(events.map((e) => e.msg?.type))],
  eventRequestIds: [...new Set(events.map((e) => e._meta?.requestId))],
}));
