using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;
using static Codex.McpServer.Tests.LongTurns.LongTurnScripts;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary>
/// A <c>codex-reply</c> sent while the thread's turn still runs waits behind it. The long-turn tools
/// must keep reporting, approving and cancelling the running turn, not the queued reply.
/// </summary>
public sealed class QueuedReplyTests
{
    [Test]
    public async Task Status_ReplyQueuedBehindAParkedApproval_ReportsTheRunningTurnAndApproveReachesIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(WriteCommand), ScriptedReply.Text("made the file"), ScriptedReply.Text("replied")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var started = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "make a file", "untrusted", background: true), timeout.Token);
        var threadId = ThreadId(started);
        var waiting = await WaitForStatusAsync(client, threadId, "waiting_for_approval", timeout.Token);
        var approvalId = Structured(waiting).GetProperty("pendingApprovals")[0].GetProperty("approvalId").GetString()!;

        var reply = await client.CallToolAsync("codex-reply", new JsonObject { ["threadId"] = threadId, ["prompt"] = "then say so", ["background"] = true }, timeout.Token);
        Assert.That(Status(reply), Is.EqualTo("running"), Text(reply));

        var status = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = threadId }, timeout.Token);
        Assert.That(Status(status), Is.EqualTo("waiting_for_approval"), "the running turn, not the reply queued behind it");
        Assert.That(Structured(status).GetProperty("pendingApprovals")[0].GetProperty("approvalId").GetString(), Is.EqualTo(approvalId));
        Assert.That(Text(status), Does.Contain("1 more reply is queued behind this turn"));

        var approved = await client.CallToolAsync("codex-approve", new JsonObject { ["threadId"] = threadId, ["approvalId"] = approvalId, ["decision"] = "approved" }, timeout.Token);
        Assert.That(IsError(approved), Is.False, Text(approved));

        var finals = new List<string>();
        while (!finals.Contains("replied"))
        {
            var next = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = threadId, ["wait-seconds"] = 20 }, timeout.Token);
            if (Status(next) == "completed" && (finals.Count == 0 || finals[^1] != Text(next)))
            {
                finals.Add(Text(next));
            }
        }

        Assert.That(finals, Is.EqualTo(new[] { "made the file", "replied" }).Or.EqualTo(new[] { "replied" }), "the first turn's result, then the reply's");
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "made.txt")), Is.EqualTo("made"));
        Assert.That(session.Model.Requests, Has.Count.EqualTo(3), "the reply ran after the turn it queued behind");
    }

    [Test]
    public async Task Cancel_ReplyQueuedBehindARunningTurn_StopsBothAndTheConversationStaysUsable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(LongSleepCommand), ScriptedReply.Text("after the cancel")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var started = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "sleep", "never", background: true), timeout.Token);
        var threadId = ThreadId(started);
        while (!client.Events.Any(e => e.GetProperty("msg").GetProperty("type").GetString() == "exec_command_begin"))
        {
            await Task.Delay(50, timeout.Token);
        }

        await client.CallToolAsync("codex-reply", new JsonObject { ["threadId"] = threadId, ["prompt"] = "queued", ["background"] = true }, timeout.Token);
        var cancelled = await client.CallToolAsync("codex-cancel", new JsonObject { ["threadId"] = threadId }, timeout.Token);

        Assert.That(Status(cancelled), Is.EqualTo("interrupted"), Text(cancelled));
        Assert.That(Text(cancelled), Does.Contain("and the reply queued behind it"));
        var after = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = threadId }, timeout.Token);
        Assert.That(Status(after), Is.Not.EqualTo("running"), "the queued reply did not start once the first turn stopped");
        Assert.That(session.Model.Requests, Has.Count.EqualTo(1), "the queued reply never reached the model");

        var reply = await client.CallToolAsync("codex-reply", new JsonObject { ["threadId"] = threadId, ["prompt"] = "go on" }, timeout.Token);
        Assert.That((Status(reply), Text(reply)), Is.EqualTo(("completed", "after the cancel")));
    }
}
