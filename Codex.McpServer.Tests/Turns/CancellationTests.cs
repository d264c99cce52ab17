using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>
/// <c>notifications/cancelled</c>: the turn stops with <c>turn_aborted</c>, the call is never answered,
/// the conversation stays usable, and the server still exits at once on stdin EOF.
/// </summary>
public sealed class CancellationTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Codex_ClientCancelsDuringSlowModel_TurnAbortedConversationUsableAndServerExitsOnEof()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithDelay(Slow).WithMessage("too late"), ScriptedReply.Text("back again")),
            timeout.Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var call = server.CodexAsync("slow prompt", cancel.Token);
        await server.Model.WaitForRequestsAsync(1, timeout.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        var configured = await server.WaitForEventAsync(e => e.Msg is SessionConfiguredEvent, timeout.Token);
        var requestId = configured.Meta.RequestId;
        var id = ((SessionConfiguredEvent)configured.Msg).SessionId;
        var aborted = await server.WaitForEventAsync(e => e.Meta.RequestId == requestId && e.Msg is TurnAbortedEvent, timeout.Token);
        Assert.That(((TurnAbortedEvent)aborted.Msg).Reason, Is.EqualTo(TurnAbortReason.Interrupted));
        Assert.That(aborted.Id, Is.EqualTo(requestId.ToString()));
        Assert.That(aborted.Meta.ThreadId, Is.EqualTo(id));

        var reply = await server.ReplyAsync(id, "are you there?", timeout.Token);

        CallAssert.Succeeded(reply, "back again");
        CallAssert.AllBelongTo(reply.Events, id);
        Assert.That(ModelRequestView.From(server.Model.Requests[1]).Dialogue, Is.EqualTo(new[] { "user: slow prompt", "user: are you there?" }), "the aborted turn left its prompt and nothing else");
        var cancelledEvents = server.AllEvents.Where(e => e.Meta.RequestId == requestId).ToList();
        Assert.That(CallAssert.Kinds(cancelledEvents)[^1], Is.EqualTo("TurnAborted"), "nothing is sent for the cancelled call after turn_aborted");
        Assert.That(CallAssert.Of<TaskCompleteEvent>(cancelledEvents), Is.Empty);

        Assert.That(await server.StopAsync(TimeSpan.FromSeconds(2)), Is.True, "the server exits within 2 s of stdin EOF");
    }

    [Test]
    public async Task CodexReply_CancelledWhileQueuedBehindARunningTurn_AbortedWithoutReachingTheModel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(
                ScriptedReply.Text("started"),
                ScriptedReply.Empty.WithDelay(TimeSpan.FromMilliseconds(800)).WithMessage("slow reply"),
                ScriptedReply.Text("after")),
            timeout.Token);
        var id = (await server.CodexAsync("start", timeout.Token)).ConversationId!;

        var running = server.ReplyAsync(id, "slow one", timeout.Token);
        await server.Model.WaitForRequestsAsync(2, timeout.Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var queued = server.Client.ReplyAsync(id, "queued one", cancellationToken: cancel.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        var finished = await running;
        CallAssert.Succeeded(finished, "slow reply");
        var runningId = finished.Events[0].Meta.RequestId;
        var aborted = await server.WaitForEventAsync(e => e.Msg is TurnAbortedEvent, timeout.Token);
        Assert.That(aborted.Meta.RequestId, Is.Not.EqualTo(runningId));
        Assert.That(aborted.Meta.ThreadId, Is.EqualTo(id));
        Assert.That(server.AllEvents.Where(e => e.Meta.RequestId == aborted.Meta.RequestId).Select(e => e.Msg.GetType()), Is.EqualTo(new[] { typeof(TurnAbortedEvent) }), "the queued turn never started");

        var after = await server.ReplyAsync(id, "next", timeout.Token);
        CallAssert.Succeeded(after, "after");
        Assert.That(server.Model.Requests, Has.Count.EqualTo(3));
        Assert.That(ModelRequestView.From(server.Model.Requests[2]).Dialogue, Is.EqualTo(new[] { "user: start", "assistant: started", "user: slow one", "assistant: slow reply", "user: next" }));
    }

    [Test]
    public async Task Codex_RawCancelWithStringId_NoResponseForItEverAndTheNextCallIsAnswered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithDelay(Slow).WithMessage("too late"), ScriptedReply.Text("next answer")),
            cancellationToken: timeout.Token);
        await using var raw = RawServerProcess.Start(session);
        await raw.InitializeAsync(timeout.Token);

        await raw.CallToolAsync("slow-1", "codex", new JsonObject { ["prompt"] = "take your time", ["cwd"] = session.Workspace }, timeout.Token);
        var configured = await raw.ReadUntilAsync(m => RawServerProcess.IsEvent(m, "session_configured"), timeout.Token);
        var id = configured.GetProperty("params").GetProperty("msg").GetProperty("session_id").GetString()!;
        await session.Model.WaitForRequestsAsync(1, timeout.Token);
        await raw.SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"slow-1","reason":"user gave up"}}""", timeout.Token);
        var aborted = await raw.ReadUntilAsync(m => RawServerProcess.IsEvent(m, "turn_aborted"), timeout.Token);

        Assert.That(aborted.GetProperty("params").GetProperty("_meta").GetProperty("requestId").GetRawText(), Is.EqualTo("\"slow-1\""));
        Assert.That(aborted.GetProperty("params").GetProperty("id").GetString(), Is.EqualTo("slow-1"));
        Assert.That(aborted.GetProperty("params").GetProperty("msg").GetProperty("reason").GetString(), Is.EqualTo("interrupted"));

        await raw.CallToolAsync(2, "codex-reply", new JsonObject { ["prompt"] = "still there?", ["conversationId"] = id }, timeout.Token);
        var next = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "2"), timeout.Token);
        Assert.That(next.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("next answer"));
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(2)), Is.True);

        var lines = raw.StdoutLines.Select(RawServerProcess.Parse).ToList();
        Assert.That(lines.Where(m => RawServerProcess.IsResponseTo(m, "\"slow-1\"")), Is.Empty, "a cancelled request gets no response");
        var abortIndex = lines.FindIndex(m => RawServerProcess.IsEvent(m, "turn_aborted"));
        Assert.That(lines.Skip(abortIndex + 1).Where(m => m.GetRawText().Contains("\"slow-1\"", StringComparison.Ordinal)), Is.Empty, "nothing for slow-1 after turn_aborted");
    }

    [Test]
    public async Task Server_StdinClosedWhileATurnWaitsForTheModel_ExitsWithZeroWithinTwoSeconds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Empty.WithDelay(Slow).WithMessage("never")), cancellationToken: timeout.Token);
        await using var raw = RawServerProcess.Start(session);
        await raw.InitializeAsync(timeout.Token);
        await raw.CallToolAsync(1, "codex", new JsonObject { ["prompt"] = "wait", ["cwd"] = session.Workspace }, timeout.Token);
        await session.Model.WaitForRequestsAsync(1, timeout.Token);

        var exited = await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(2));

        Assert.That(exited, Is.True, "exits on EOF even with a turn pending");
        Assert.That(raw.ExitCode, Is.Zero);
    }
}
