using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Exec;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;
using static Codex.McpServer.Tests.LongTurns.LongTurnScripts;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary>
/// Background mode end to end through the real server: <c>background: true</c> answers
/// <c>running</c> at once, <c>codex-status</c> waits for a change, an approval the client does not
/// answer is parked and answered with <c>codex-approve</c>, and <c>codex-cancel</c> stops a turn.
/// </summary>
public sealed class BackgroundModeTests
{
    [Test]
    public async Task Background_ApprovalParkedAndApproved_StatusReturnsFinalResult()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(WriteCommand), ScriptedReply.Text("made the file")), cancellationToken: timeout.Token);

        // The client declares elicitation but answers every one with an error, as a chat client
        // that cannot show it would: the approval must stay parked for codex-approve.
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"elicitation":{}}""");

        var started = await client.CallToolAsync("codex", CodexArguments(session.Workspace, "make a file", "untrusted", background: true), timeout.Token);
        Assert.That(IsError(started), Is.False, Text(started));
        var threadId = ThreadId(started);
        Assert.That(Guid.TryParse(threadId, out _), Is.True, threadId);
        Assert.That(Status(started), Is.AnyOf("running", "waiting_for_approval"));
        Assert.That(Text(started), Does.Contain(threadId).And.Contain("codex-status"));

        var waiting = await WaitForStatusAsync(client, threadId, "waiting_for_approval", timeout.Token);
        var pending = Structured(waiting).GetProperty("pendingApprovals")[0];
        var approvalId = pending.GetProperty("approvalId").GetString()!;
        Assert.That(pending.GetProperty("kind").GetString(), Is.EqualTo("exec"));
        Assert.That(pending.GetProperty("summary").GetString(), Is.EqualTo("/bin/sh -c 'printf made > made.txt'"));
        Assert.That(Text(waiting), Does.Contain(approvalId).And.Contain("codex-approve"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "made.txt")), Is.False, "nothing runs before the answer");

        var approved = await client.CallToolAsync("codex-approve", new JsonObject { ["threadId"] = threadId, ["approvalId"] = approvalId, ["decision"] = "approved" }, timeout.Token);
        Assert.That(IsError(approved), Is.False, Text(approved));
        Assert.That(Text(approved), Does.StartWith($"Answered {approvalId}: approved."));

        var done = await WaitForStatusAsync(client, threadId, "completed", timeout.Token);
        Assert.That(Text(done), Is.EqualTo("made the file"));
        Assert.That(done.GetProperty("content")[1].GetProperty("text").GetString(), Is.EqualTo($"conversationId: {threadId}"));
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "made.txt")), Is.EqualTo("made"));
        Assert.That(client.Elicitations, Has.Count.EqualTo(1), "a client that can elicit is still asked");

        // Events of the background turn kept flowing after its tools/call had been answered.
        var types = client.Events.Select(e => e.GetProperty("msg").GetProperty("type").GetString()).ToList();
        Assert.That(types, Does.Contain("exec_command_end").And.Contain("task_complete"));
        TestContext.Out.WriteLine(string.Join('\n', client.Transcript));
    }

    [Test]
    public async Task Cancel_RunningBackgroundTurn_InterruptsAndConversationStaysUsable()
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

        var status = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = threadId }, timeout.Token);
        Assert.That(Status(status), Is.EqualTo("running"));
        Assert.That(Structured(status).GetProperty("recentProgress").EnumerateArray().Select(p => p.GetString()), Has.Some.Contains("running `/bin/sh -c 'sleep 60'`").Or.Some.Contains("running `/bin/sh -c sleep 60`"));

        var cancelled = await client.CallToolAsync("codex-cancel", new JsonObject { ["threadId"] = threadId }, timeout.Token);
        Assert.That(Status(cancelled), Is.EqualTo("interrupted"), Text(cancelled));
        Assert.That(IsError(cancelled), Is.True);

        var again = await client.CallToolAsync("codex-cancel", new JsonObject { ["threadId"] = threadId }, timeout.Token);
        Assert.That(Text(again), Does.StartWith("Nothing to cancel"));

        var reply = await client.CallToolAsync("codex-reply", new JsonObject { ["threadId"] = threadId, ["prompt"] = "go on" }, timeout.Token);
        Assert.That((Status(reply), Text(reply)), Is.EqualTo(("completed", "after the cancel")));
    }

    [Test]
    public async Task Background_ClientDisconnects_RunningCommandIsKilledNotOrphaned()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The sleep's odd duration is a token in the command line of the shell and of the sleep itself,
        // which finds them from outside the sandbox's PID namespace.
        var token = $"6.{Random.Shared.Next(100_000, 999_999)}";
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(Shell(["/bin/sh", "-c", $"sleep {token}; printf late > late.txt"])), cancellationToken: timeout.Token);
        var client = await McpTestClient.StartAsync(session, timeout.Token);
        await client.CallToolAsync("codex", CodexArguments(session.Workspace, "sleep then write", "never", background: true), timeout.Token);
        int[] running;
        while ((running = ProcessProbe.FindByCommandLine(token)).Length == 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        try
        {
            // Closing stdin ends the server; the background turn must take its command with it,
            // well before the sleep would end on its own (a survivor would then vanish unseen).
            var disconnected = DateTime.UtcNow;
            await client.DisposeAsync();
            using (var gone = new CancellationTokenSource(TimeSpan.FromSeconds(4)))
            {
                foreach (var pid in running)
                {
                    Assert.That(await ProcessProbe.WaitUntilGoneAsync(pid, gone.Token), Is.True, $"process {pid} of the command outlived the server");
                }
            }

            Assert.That(ProcessProbe.FindByCommandLine(token), Is.Empty, "no process of the command is left");

            // Past the sleep: nothing wrote the file.
            var rest = TimeSpan.FromSeconds(8) - (DateTime.UtcNow - disconnected);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, timeout.Token);
            }

            Assert.That(File.Exists(Path.Combine(session.Workspace, "late.txt")), Is.False, "the command outlived the server");
        }
        finally
        {
            foreach (var pid in running.Concat(ProcessProbe.FindByCommandLine(token)))
            {
                ProcessProbe.KillIfRunning(pid);
            }
        }
    }

    [Test]
    public async Task Status_UnknownThread_SaysHowToContinue()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token);

        var id = Guid.NewGuid().ToString();
        var status = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = id }, timeout.Token);

        Assert.That(IsError(status), Is.True);
        Assert.That(Text(status), Is.EqualTo($"No turn of thread {id} has run in this server since it started. To continue that conversation, call `codex-reply` with this threadId."));
    }
}
