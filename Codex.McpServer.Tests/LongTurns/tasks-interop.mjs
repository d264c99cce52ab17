// Drives codex-mcp-server with the official TypeScript SDK's experimental tasks client:
// a task-augmented `codex` call (created, polled, input_required while an approval waits, the
// approval answered through elicitation/create tied to the task, the result), then a second task
// cancelled with tasks/cancel and its conversation continued. Prints one JSON object per line.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const sdk = process.env.CODEX_MCP_TS_SDK;
const load = (p) => import(pathToFileURL(path.join(sdk, '@modelcontextprotocol/sdk/dist/esm', p)).href);
const { Client } = await load('client/index.js');
const { StdioClientTransport } = await load('client/stdio.js');
const { CallToolResultSchema, ElicitRequestSchema, TaskStatusNotificationSchema } = await load('types.js');

const out = (record) => process.stdout.write(JSON.stringify(record) + '\n');
const workspace = process.env.TASKS_WORKSPACE;
const serverEnv = JSON.parse(process.env.TASKS_SERVER_ENV);

const client = new Client({ name: 'tasks-interop', version: '0.1.0' }, { capabilities: { elicitation: {}, tasks: { list: {}, cancel: {} } } });
client.setNotificationHandler(TaskStatusNotificationSchema, (n) => out({ step: 'statusNotification', taskId: n.params.taskId, status: n.params.status }));
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  const related = request.params._meta?.['io.modelcontextprotocol/related-task']?.taskId;
  // Answer only once the task shows input_required, so the test sees that state through tasks/get.
  let task;
  for (let i = 0; i < 100; i++) {
    task = await client.experimental.tasks.getTask(related);
    if (task.status === 'input_required') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  out({ step: 'elicitation', relatedTaskId: related, statusWhenAsked: task.status, message: request.params.message });
  return { action: 'accept', content: {} };
});

const transport = new StdioClientTransport({ command: process.env.TASKS_SERVER, args: [], env: serverEnv, cwd: workspace, stderr: 'ignore' });
await client.connect(transport);
const caps = client.getServerCapabilities();
out({ step: 'initialized', tasks: caps.tasks ?? null });
const tools = await client.listTools();
out({ step: 'tools', execution: Object.fromEntries(tools.tools.map((t) => [t.name, t.execution?.taskSupport ?? null])) });

// 1. create, poll, input_required, approval, result.
const args = { prompt: 'make a file', cwd: workspace, 'approval-policy': 'untrusted', sandbox: 'workspace-write' };
let firstTaskId;
for await (const message of client.experimental.tasks.callToolStream({ name: 'codex', arguments: args }, CallToolResultSchema, { task: { ttl: 120000 } })) {
  if (message.type === 'taskCreated') { firstTaskId = message.task.taskId; out({ step: 'taskCreated', taskId: message.task.taskId, status: message.task.status, ttl: message.task.ttl }); }
  else if (message.type === 'taskStatus') out({ step: 'taskStatus', status: message.task.status });
  else if (message.type === 'result') out({ step: 'result', text: message.result.content[0].text, structured: message.result.structuredContent, meta: message.result._meta ?? null });
  else if (message.type === 'error') out({ step: 'error', message: String(message.error) });
}
const firstDone = await client.experimental.tasks.getTask(firstTaskId);
out({ step: 'firstFinal', status: firstDone.status });

// 2. a long task, cancelled; its conversation stays usable.
const long = { prompt: 'sleep', cwd: workspace, 'approval-policy': 'never', sandbox: 'workspace-write' };
const stream = client.experimental.tasks.callToolStream({ name: 'codex', arguments: long }, CallToolResultSchema, { task: { ttl: 120000 } });
const created = (await stream.next()).value;
const secondId = created.task.taskId;
out({ step: 'secondCreated', status: created.task.status });
await stream.return();
let seen;
for (let i = 0; i < 100; i++) {
  seen = await client.experimental.tasks.getTask(secondId);
  if (seen.status === 'working' && seen.statusMessage?.startsWith('Codex is working on thread')) break;
  await new Promise((r) => setTimeout(r, 100));
}
await new Promise((r) => setTimeout(r, 1500));
const cancelled = await client.experimental.tasks.cancelTask(secondId);
out({ step: 'cancelled', status: cancelled.status });
const cancelledResult = await client.experimental.tasks.getTaskResult(secondId, CallToolResultSchema);
out({ step: 'cancelledResult', status: cancelledResult.structuredContent?.status, threadId: cancelledResult.structuredContent?.threadId });
const listed = await client.experimental.tasks.listTasks();
out({ step: 'list', tasks: listed.tasks.map((t) => ({ taskId: t.taskId, status: t.status })) });
let cancelAgain;
try { await client.experimental.tasks.cancelTask(secondId); cancelAgain = 'accepted'; } catch (e) { cancelAgain = String(e.message ?? e); }
out({ step: 'cancelAgain', error: cancelAgain });
const reply = await client.callTool({ name: 'codex-reply', arguments: { threadId: cancelledResult.structuredContent.threadId, prompt: 'go on' } });
out({ step: 'reply', status: reply.structuredContent?.status, text: reply.content[0].text });
await client.close();
out({ step: 'closed' });
