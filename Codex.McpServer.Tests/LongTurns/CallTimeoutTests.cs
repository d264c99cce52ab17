using System.Diagnostics;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;
using static Codex.McpServer.Tests.LongTurns.LongTurnScripts;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary><c>mcp_server.call_timeout_seconds</c>: a foreground call still running at the limit answers <c>running</c>, and the turn goes on.</summary>
public sealed class CallTimeoutTests
{
    [Test]
    public async Task CallTimeout_LongForegroundCall_ReturnsRunningThenStatusCompletes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(WaitForGoCommand), ScriptedReply.Text("released and done")),
            extraConfig: "[mcp_server]\ncall_timeout_seconds = 1\n",
            cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var clock = Stopwatch.StartNew();
        var running = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "wait for go", "never"), timeout.Token);
        var answeredAfter = clock.Elapsed;

        Assert.That(Status(running), Is.EqualTo("running"), Text(running));
        Assert.That(answeredAfter, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "not before the limit");
        var threadId = ThreadId(running);
        Assert.That(Text(running), Does.Contain($"Codex is still working on thread {threadId}").And.Contain("codex-status"));

        // The turn is paused in its command until the test releases it, so it is surely still running.
        var still = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = threadId, ["wait-seconds"] = 1 }, timeout.Token);
        Assert.That(Status(still), Is.EqualTo("running"));

        await File.WriteAllTextAsync(Path.Combine(session.Workspace, "go"), string.Empty, timeout.Token);
        var done = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = threadId, ["wait-seconds"] = 60 }, timeout.Token);

        Assert.That((Status(done), Text(done)), Is.EqualTo(("completed", "released and done")));
        Assert.That(Approvals.ModelToolCalls.OutputFor(session.Model, "call_1"), Does.Contain("released"));
    }

    [Test]
    public async Task CallTimeout_NotPositive_CallFailsWithTheKey()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("never sent")), extraConfig: "[mcp_server]\ncall_timeout_seconds = 0\n", cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var result = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "hi", "never"), timeout.Token);

        Assert.That(IsError(result), Is.True);
        Assert.That(Text(result), Does.Contain("`mcp_server.call_timeout_seconds` must be a positive number of seconds, not 0"));
        Assert.That(session.Model.Requests, Is.Empty);
    }
}
