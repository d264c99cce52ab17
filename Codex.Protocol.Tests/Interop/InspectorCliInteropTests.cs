using System.Text.Json;
using Codex.Protocol.Tests.Conformance;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// The MCP Inspector's command-line mode (<c>@modelcontextprotocol/inspector --cli</c>) starts the
/// server itself: <c>tools/list</c>, and a <c>tools/call</c> of <c>codex</c> that the scripted model
/// answers (the Inspector answers no elicitations, so the call runs with <c>approval-policy=never</c>).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class InspectorCliInteropTests
{
    [Test]
    public async Task Cli_ToolsList_CodexAndCodexReply()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cli = NpmClients.InspectorCli;
        await using var turn = await ScriptedTurn.StartAsync(timeout.Token);

        var result = await RunAsync(cli, turn, ["--method", "tools/list"], timeout.Token);

        Assert.That(result.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()), Is.SupersetOf(new[] { "codex", "codex-reply" }));
    }

    [Test]
    public async Task Cli_ToolsCallCodex_RunsTheTurnAndReturnsTheAnswer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cli = NpmClients.InspectorCli;
        await using var turn = await ScriptedTurn.StartAsync(timeout.Token);

        var result = await RunAsync(cli, turn, ["--method", "tools/call", "--tool-name", "codex", "--tool-arg", "prompt=touch two files", $"cwd={turn.Workspace}", "approval-policy=never", "sandbox=workspace-write"], timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo(ScriptedTurn.FirstAnswer));
            Assert.That(result.GetProperty("structuredContent").GetProperty("threadId").GetString(), Does.Match("^[0-9a-f-]{36}$"));
            Assert.That(turn.Accepted && turn.Denied, Is.True, "with approval-policy=never both commands ran");
        }
    }

    private static async Task<JsonElement> RunAsync(string cli, ScriptedTurn turn, string[] arguments, CancellationToken cancellationToken)
    {
        var server = ServerLocator.ServerCommand();
        var (exitCode, stdout, stderr) = await NpmClients.RunNodeAsync(
            [cli, "--cli", "-e", $"CODEX_HOME={turn.CodexHome}", server.FileName, .. server.Arguments, .. arguments],
            new Dictionary<string, string>(),
            turn.Workspace,
            cancellationToken);
        Assert.That(exitCode, Is.Zero, $"the Inspector failed:\n{stderr}\n{stdout}");
        var json = stdout[stdout.IndexOf('{', StringComparison.Ordinal)..];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
