using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>
/// The raw wire: request ids keep their JSON type in <c>_meta.requestId</c>, the response comes after
/// every event of its call, and the exact lines of a plain turn are written to the test output.
/// </summary>
public sealed class RequestIdTests
{
    [Test]
    public async Task ToolsCall_StringThenIntegerIds_EchoedWithTheirJsonTypeAndAnsweredAfterAllTheirEvents()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Text("raw answer", deltas: 2).WithUsage(12, 4), ScriptedReply.Text("second answer", deltas: 2)),
            cancellationToken: timeout.Token);
        await using var raw = RawServerProcess.Start(session);
        await raw.InitializeAsync(timeout.Token);
        var firstLine = raw.StdoutLines.Count;

        await raw.CallToolAsync("string-id-1", "codex", new JsonObject { ["prompt"] = "say hi", ["cwd"] = session.Workspace }, timeout.Token);
        var response = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "\"string-id-1\""), timeout.Token);

        var transcript = raw.StdoutLines.Skip(firstLine).ToList();
        await TestContext.Out.WriteLineAsync("Transcript of a plain `codex` turn (server stdout, verbatim):");
        foreach (var line in transcript)
        {
            await TestContext.Out.WriteLineAsync(line);
        }

        var messages = transcript.Select(RawServerProcess.Parse).ToList();
        Assert.That(messages[^1].GetRawText(), Is.EqualTo(response.GetRawText()), "the response is the last line of the call");
        var notifications = messages.Take(messages.Count - 1).ToList();
        var events = notifications.Where(e => e.GetProperty("method").GetString() == "codex/event").ToList();
        Assert.That(notifications.Select(e => e.GetProperty("method").GetString()).Where(m => m != "codex/event"), Is.EqualTo(new[] { "notifications/resources/list_changed" }), "besides its events, a new thread sends one resources list_changed");
        Assert.That(events.Select(e => e.GetProperty("params").GetProperty("_meta").GetProperty("requestId").GetRawText()).Distinct(), Is.EqualTo(new[] { "\"string-id-1\"" }));
        Assert.That(events.Select(e => e.GetProperty("params").GetProperty("id").GetString()), Is.EqualTo(new[] { string.Empty }.Concat(Enumerable.Repeat("string-id-1", events.Count - 1))));
        Assert.That(events.Select(e => e.GetProperty("params").GetProperty("msg").GetProperty("type").GetString()), Is.EqualTo(new[]
        {
            "session_configured", "item_started", "item_completed", "task_started",
            "agent_message_delta", "agent_message_delta", "agent_message", "token_count", "task_complete",
        }));

        var conversationId = events[0].GetProperty("params").GetProperty("msg").GetProperty("session_id").GetString()!;
        Assert.That(events.Select(e => e.GetProperty("params").GetProperty("_meta").GetProperty("threadId").GetString()).Distinct(), Is.EqualTo(new[] { conversationId }));
        var result = response.GetProperty("result");
        Assert.That(result.GetProperty("content")[0].GetRawText(), Is.EqualTo("""{"type":"text","text":"raw answer"}"""));
        Assert.That(result.GetProperty("content")[1].GetRawText(), Is.EqualTo($$"""{"type":"text","text":"conversationId: {{conversationId}}"}"""));
        Assert.That(result.GetProperty("structuredContent").GetProperty("threadId").GetString(), Is.EqualTo(conversationId));
        Assert.That(result.TryGetProperty("isError", out _), Is.False);

        var replyStart = raw.StdoutLines.Count;
        await raw.CallToolAsync(42, "codex-reply", new JsonObject { ["prompt"] = "again", ["threadId"] = conversationId }, timeout.Token);
        var reply = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "42"), timeout.Token);
        var replyEvents = raw.StdoutLines.Skip(replyStart).Select(RawServerProcess.Parse).Where(m => m.TryGetProperty("method", out _)).ToList();
        Assert.That(replyEvents.Select(e => e.GetProperty("params").GetProperty("_meta").GetProperty("requestId").GetRawText()).Distinct(), Is.EqualTo(new[] { "42" }), "an integer id stays an integer");
        Assert.That(replyEvents.Select(e => e.GetProperty("params").GetProperty("id").GetString()).Distinct(), Is.EqualTo(new[] { "0" }), "the first codex-reply turn is submission \"0\"");
        Assert.That(replyEvents[^1].GetProperty("params").GetProperty("msg").GetProperty("type").GetString(), Is.EqualTo("task_complete"));
        Assert.That(reply.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("second answer"));

        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(2)), Is.True, "the server exits on stdin EOF");
    }
}
