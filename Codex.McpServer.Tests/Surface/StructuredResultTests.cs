using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Surface;

/// <summary>
/// The turn report in <c>structuredContent</c> (changedFiles, diff, commandsRun, tokenUsage,
/// durationMs), checked by the official TypeScript SDK: its <c>Client.callTool</c> validates the
/// structured content against the tool's <c>outputSchema</c> and throws when it does not match.
/// </summary>
public sealed class StructuredResultTests
{
    // Lists the tools (so the SDK caches the output-schema validators), calls `codex`, and shows
    // the same validator rejects a tampered copy, so a pass means the schema really was checked.
    private const string Script = """
        const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
        const { StdioClientTransport } = require('@modelcontextprotocol/sdk/client/stdio.js');
        const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
        (async () => {
          const env = { ...process.env };
          for (const [k, v] of Object.entries(input.env)) { if (v === null) delete env[k]; else env[k] = v; }
          const transport = new StdioClientTransport({ command: input.server, args: [], env, cwd: input.cwd, stderr: 'ignore' });
          const client = new Client({ name: 'ts-sdk-test', version: '1.0.0' }, { capabilities: {} });
          await client.connect(transport);
          await client.listTools();
          const result = await client.callTool({ name: 'codex', arguments: input.arguments }, undefined, { timeout: 60000 });
          const validator = client.getToolOutputValidator('codex');
          const tampered = JSON.parse(JSON.stringify(result.structuredContent));
          tampered.commandsRun = [{ command: 'x', exitCode: 'not a number', durationMs: 1 }];
          const check = validator(tampered);
          console.log(JSON.stringify({ structured: result.structuredContent, content: result.content, tamperedValid: check.valid, tamperedError: check.errorMessage ?? null }));
          await client.close();
        })().catch(e => { console.error(e && e.stack || String(e)); process.exit(1); });
        """;

    [Test]
    public async Task Codex_TurnWithCommandAndPatch_StructuredContentValidatedByTypeScriptSdk()
    {
        var modules = TypeScriptSdk.RequireModules();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(
            ModelToolCalls.ShellCall(["bash", "-c", "echo checking; exit 3"], "call_cmd").WithUsage(100, 10),
            ModelToolCalls.PatchCall("*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch", "call_patch").WithUsage(120, 20),
            ScriptedReply.Text("done").WithUsage(150, 5)), cancellationToken: timeout.Token);

        var input = new JsonObject
        {
            ["server"] = ServerLocator.ServerPath(),
            ["cwd"] = session.Workspace,
            ["env"] = JsonSerializer.SerializeToNode(session.ServerEnvironment()),
            ["arguments"] = new JsonObject
            {
                ["prompt"] = "check and write notes",
                ["cwd"] = session.Workspace,
                ["approval-policy"] = "never",
                ["sandbox"] = "workspace-write",
            },
        };
        var output = await TypeScriptSdk.RunAsync(modules, Script, input.ToJsonString(), timeout.Token);

        var structured = output.GetProperty("structured");
        var notes = Path.Combine(session.Workspace, "notes.txt");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.GetProperty("tamperedValid").GetBoolean(), Is.False, "the SDK's validator must reject a wrong exitCode type");
            Assert.That(structured.GetProperty("content").GetString(), Is.EqualTo("done"));
            Assert.That(File.ReadAllText(notes), Is.EqualTo("hello\n"));

            var changed = structured.GetProperty("changedFiles").EnumerateArray().Select(f => (f.GetProperty("path").GetString(), f.GetProperty("kind").GetString())).ToList();
            Assert.That(changed, Is.EqualTo(new[] { (notes, "add") }));
            Assert.That(structured.GetProperty("diff").GetString(), Does.Contain("+++ b/notes.txt").And.Contain("+hello"));

            var run = structured.GetProperty("commandsRun").EnumerateArray().Single();
            Assert.That(run.GetProperty("command").GetString(), Is.EqualTo("bash -c 'echo checking; exit 3'"));
            Assert.That(run.GetProperty("exitCode").GetInt32(), Is.EqualTo(3));
            // Starting the sandbox helper alone takes milliseconds, so a real measurement is never 0.
            var commandMs = run.GetProperty("durationMs").GetInt64();
            Assert.That(commandMs, Is.GreaterThan(0));

            var usage = structured.GetProperty("tokenUsage");
            Assert.That(usage.GetProperty("input_tokens").GetInt64(), Is.EqualTo(370));
            Assert.That(usage.GetProperty("output_tokens").GetInt64(), Is.EqualTo(35));
            Assert.That(usage.GetProperty("total_tokens").GetInt64(), Is.EqualTo(405));
            Assert.That(structured.GetProperty("durationMs").GetInt64(), Is.GreaterThan(0).And.GreaterThanOrEqualTo(commandMs), "the turn spans its command");
        }
    }
}
