using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;
using static Codex.McpServer.Tests.LongTurns.LongTurnScripts;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary>
/// A client without the elicitation capability (Claude Desktop's Code tab, the Inspector CLI) used
/// to get every approval denied. Now the foreground call returns <c>waiting_for_approval</c> and
/// <c>codex-approve</c> lets the command run.
/// </summary>
public sealed class NoElicitationTests
{
    [Test]
    public async Task NoElicitation_CommandNeedsApproval_ReturnsWaitingThenApproveCompletes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(WriteCommand), ScriptedReply.Text("file written")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var waiting = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "make a file", "untrusted"), timeout.Token);

        Assert.That(Status(waiting), Is.EqualTo("waiting_for_approval"), Text(waiting));
        Assert.That(IsError(waiting), Is.False);
        var threadId = ThreadId(waiting);
        var pending = Structured(waiting).GetProperty("pendingApprovals")[0];
        var approvalId = pending.GetProperty("approvalId").GetString()!;
        Assert.That(pending.GetProperty("cwd").GetString(), Is.EqualTo(session.Workspace));
        Assert.That(Text(waiting), Is.EqualTo(
            $"Codex (thread {threadId}) is waiting for approval {approvalId} to run `/bin/sh -c 'printf made > made.txt'` in {session.Workspace}. " +
            $"Next: Call `codex-approve` with threadId \"{threadId}\", approvalId \"{approvalId}\" and decision approved, approved_for_session, denied or abort."));
        Assert.That(client.Elicitations, Is.Empty, "a client without the capability is never asked");
        Assert.That(File.Exists(Path.Combine(session.Workspace, "made.txt")), Is.False);

        var approved = await client.CallToolAsync("codex-approve", new JsonObject { ["threadId"] = threadId, ["approvalId"] = approvalId, ["decision"] = "approved" }, timeout.Token);
        Assert.That(IsError(approved), Is.False, Text(approved));

        var done = await WaitForStatusAsync(client, threadId, "completed", timeout.Token);
        Assert.That(Text(done), Is.EqualTo("file written"));
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "made.txt")), Is.EqualTo("made"));

        var stale = await client.CallToolAsync("codex-approve", new JsonObject { ["threadId"] = threadId, ["approvalId"] = approvalId, ["decision"] = "approved" }, timeout.Token);
        Assert.That(IsError(stale), Is.True);
        Assert.That(Text(stale), Does.Contain($"no pending approval {approvalId}"));
    }

    [Test]
    public async Task NoElicitation_Denied_ModelIsToldTheReasonAndTurnCompletes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(WriteCommand), ScriptedReply.Text("ok, not writing")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var waiting = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "make a file", "untrusted"), timeout.Token);
        var threadId = ThreadId(waiting);
        var approvalId = Structured(waiting).GetProperty("pendingApprovals")[0].GetProperty("approvalId").GetString()!;

        await client.CallToolAsync("codex-approve", new JsonObject { ["threadId"] = threadId, ["approvalId"] = approvalId, ["decision"] = "denied", ["reason"] = "not in this folder" }, timeout.Token);
        var done = await WaitForStatusAsync(client, threadId, "completed", timeout.Token);

        Assert.That(Text(done), Is.EqualTo("ok, not writing"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "made.txt")), Is.False);
        var output = Approvals.ModelToolCalls.OutputFor(session.Model, "call_1");
        Assert.That(output, Does.Contain("not in this folder"));
    }

    [Test]
    public async Task NoElicitation_NoAnswerWithinApprovalTimeout_CountsAsDenied()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(WriteCommand), ScriptedReply.Text("gave up")), cancellationToken: timeout.Token, topLevelConfig: "approval_timeout_ms = 1500");
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var waiting = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "make a file", "untrusted"), timeout.Token);
        var done = await WaitForStatusAsync(client, ThreadId(waiting), "completed", timeout.Token);

        Assert.That(Text(done), Is.EqualTo("gave up"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "made.txt")), Is.False);
        Assert.That(Approvals.ModelToolCalls.OutputFor(session.Model, "call_1"), Does.Contain("within 1.5 s (approval_timeout_ms)"));
    }
}
