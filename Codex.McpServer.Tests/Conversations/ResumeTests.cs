using System.Globalization;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Conversations;

/// <summary>Conversations survive a restart of the server process: codex-reply resumes them from their rollout file.</summary>
public sealed class ResumeTests
{
    [Test]
    public async Task CodexReply_AfterServerRestart_ResumesFromRolloutWithHistoryAndSettings()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("noted: 42"), ScriptedReply.Text("it was 42"), ScriptedReply.Text("still 42")),
            timeout.Token);
        var first = await server.CodexAsync("remember the number 42", timeout.Token, p => p with { BaseInstructions = "You are a careful number keeper." });
        var id = first.ConversationId!;
        var rollout = CallAssert.Of<SessionConfiguredEvent>(first.Events).Single().RolloutPath;

        await server.RestartAsync(timeout.Token);
        var resumed = await server.ReplyAsync(id, "which number?", timeout.Token);
        var again = await server.ReplyAsync(id, "and now?", timeout.Token);

        CallAssert.Succeeded(resumed, "it was 42");
        CallAssert.Succeeded(again, "still 42");
        CallAssert.AllBelongTo(resumed.Events, id);
        Assert.That(CallAssert.Kinds(resumed.Events), Does.Not.Contain("SessionConfigured"));
        Assert.That(resumed.Events.Select(e => e.Id).Distinct(), Is.EqualTo(new[] { "0" }), "the new process counts reply submissions from 0");
        Assert.That(again.Events.Select(e => e.Id).Distinct(), Is.EqualTo(new[] { "1" }));

        var requests = server.Model.Requests.Select(ModelRequestView.From).ToList();
        Assert.That(requests[1].Dialogue, Is.EqualTo(new[] { "user: remember the number 42", "assistant: noted: 42", "user: which number?" }));
        Assert.That(requests[2].Dialogue, Is.EqualTo(new[] { "user: remember the number 42", "assistant: noted: 42", "user: which number?", "assistant: it was 42", "user: and now?" }));
        Assert.That(requests.Select(r => r.Instructions).Distinct(), Is.EqualTo(new[] { "You are a careful number keeper." }), "base-instructions survive the restart");
        Assert.That(requests[1].Messages.Count(m => m.Text.StartsWith("<environment_context>", StringComparison.Ordinal)), Is.EqualTo(1), "the initial context is not repeated on resume");
        Assert.That(server.Model.Requests[1].Header("conversation_id"), Is.EqualTo(id));

        var sessions = Path.Combine(server.Session.CodexHome, "sessions");
        var files = Directory.GetFiles(sessions, "rollout-*.jsonl", SearchOption.AllDirectories);
        Assert.That(files, Is.EqualTo(new[] { rollout }), "the resumed conversation appends to its one rollout file");
        Assert.That(Path.GetFileName(rollout), Does.StartWith("rollout-").And.EndWith($"-{id}.jsonl"));
        var local = DateTime.Now;
        Assert.That(Path.GetDirectoryName(Path.GetRelativePath(sessions, rollout)), Is.AnyOf(
            DatePath(local), DatePath(local.AddDays(-1))), "rollout lives under sessions/YYYY/MM/DD (local date)");
        var text = await File.ReadAllTextAsync(rollout, timeout.Token);
        Assert.That(text, Does.Contain("remember the number 42").And.Contain("which number?").And.Contain("and now?").And.Contain("still 42"));
    }

    [Test]
    public async Task CodexReply_RolloutRemovedBeforeRestart_IsSessionNotFound()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("hello")), timeout.Token);
        var first = await server.CodexAsync("hi", timeout.Token);
        var id = first.ConversationId!;

        await server.RestartAsync(timeout.Token);
        File.Delete(CallAssert.Of<SessionConfiguredEvent>(first.Events).Single().RolloutPath);
        var reply = await server.ReplyAsync(id, "are you there?", timeout.Token);

        CallAssert.Failed(reply, $"Session not found for conversation_id: {id}");
        Assert.That(server.Model.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CodexReply_RolloutWithoutSessionMetaAfterRestart_IsErrorNamingTheFile()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("hello"), ScriptedReply.Text("again")), timeout.Token);
        var first = await server.CodexAsync("hi", timeout.Token);
        var id = first.ConversationId!;
        var rollout = CallAssert.Of<SessionConfiguredEvent>(first.Events).Single().RolloutPath;

        await server.RestartAsync(timeout.Token);
        var lines = await File.ReadAllLinesAsync(rollout, timeout.Token);
        await File.WriteAllLinesAsync(rollout, lines.Skip(1), timeout.Token);
        var broken = await server.ReplyAsync(id, "are you there?", timeout.Token);
        await File.WriteAllLinesAsync(rollout, lines, timeout.Token);
        var repaired = await server.ReplyAsync(id, "and now?", timeout.Token);

        CallAssert.Failed(broken, $"Failed to resume conversation {id}: ", rollout, "session_meta");
        CallAssert.Succeeded(repaired, "again");
    }

    private static string DatePath(DateTime date) => Path.Combine(date.ToString("yyyy", CultureInfo.InvariantCulture), date.ToString("MM", CultureInfo.InvariantCulture), date.ToString("dd", CultureInfo.InvariantCulture));
}
