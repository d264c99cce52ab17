using System.Text.Json;
using Codex.Protocol.Tests.Conformance;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// The official MCP TypeScript SDK (<c>@modelcontextprotocol/sdk</c>, Client with
/// StdioClientTransport, run by Node) drives the server through a whole conversation against the
/// scripted model: tools/list, <c>codex</c> with one elicitation accepted the MCP way
/// (<c>{action:"accept"}</c>) and one denied the Codex way (<c>{decision:"denied"}</c>), the
/// <c>codex/event</c> stream, and <c>codex-reply</c>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TypeScriptSdkInteropTests
{
    [Test]
    public async Task StdioClient_CodexThenReply_ElicitationsObeyedAndEventsStreamed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var sdk = NpmClients.SdkDirectory;
        await using var turn = await ScriptedTurn.StartAsync(timeout.Token);
        var server = ServerLocator.ServerCommand();
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Interop", "typescript", "codex-turn.mjs");

        var (exitCode, stdout, stderr) = await NpmClients.RunNodeAsync(
            [script, sdk, turn.Workspace, server.FileName, .. server.Arguments],
            new Dictionary<string, string> { ["CODEX_HOME"] = turn.CodexHome },
            turn.Workspace,
            timeout.Token);

        Assert.That(exitCode, Is.Zero, $"node failed:\n{stderr}\n{stdout}");
        TestContext.Out.WriteLine(stdout);
        using var summary = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var root = summary.RootElement;
        var elicitations = root.GetProperty("elicitations").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()), Is.SupersetOf(new[] { "codex", "codex-reply" }));
            Assert.That(root.GetProperty("first").GetProperty("text").GetString(), Is.EqualTo(ScriptedTurn.FirstAnswer));
            Assert.That(root.GetProperty("first").GetProperty("isError").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("second").GetProperty("text").GetString(), Is.EqualTo(ScriptedTurn.SecondAnswer));
            Assert.That(root.GetProperty("second").GetProperty("threadId").GetString(), Is.EqualTo(root.GetProperty("first").GetProperty("threadId").GetString()));
            Assert.That(elicitations.Select(e => e.GetProperty("via").GetString()), Is.EqualTo(new[] { "sdk-handler", "fallback" }));
            Assert.That(elicitations.Select(e => e.GetProperty("message").GetString()), Has.All.Contains("touch"), "each elicitation names its command");
            Assert.That(elicitations[1].GetProperty("kind").GetString(), Is.EqualTo("exec-approval"));
            Assert.That(root.GetProperty("eventTypes").EnumerateArray().Select(t => t.GetString()), Is.SupersetOf(new[] { "session_configured", "task_started", "exec_command_begin", "exec_command_end", "task_complete" }));
            Assert.That(turn.Accepted, Is.True, "{action:\"accept\"} runs the command");
            Assert.That(turn.Denied, Is.False, "{decision:\"denied\"} does not");
        }
    }
}
