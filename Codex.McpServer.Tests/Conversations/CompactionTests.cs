using System.Text.Json;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Conversations;

public sealed class CompactionTests
{
    private const string Limit = "model_auto_compact_token_limit = 100";

    [Test]
    public async Task Codex_ContextOverTheLimit_SummarizesTheHistoryForLaterTurnsAndResumes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ScriptedReply.Text("first answer").WithUsage(120, 10),
                ScriptedReply.Text("SUMMARY: the user wants a greeting").WithUsage(40, 10),
                ScriptedReply.Text("second answer").WithUsage(60, 5),
                ScriptedReply.Text("third answer").WithUsage(60, 5)),
            cancellationToken: timeout.Token,
            topLevelConfig: Limit);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var first = await session.CodexAsync("please greet me", cancellationToken: timeout.Token);
        var second = await session.Client.ReplyAsync(first.ConversationId!, "again", cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);
        var third = await session.Client.ReplyAsync(first.ConversationId!, "once more", cancellationToken: timeout.Token);

        var requests = session.Model.Requests;
        var compaction = requests[1];
        var afterCompaction = Texts(requests[2]);
        var afterRestart = Texts(requests[3]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.Text, second.Text, third.Text), Is.EqualTo(("first answer", "second answer", "third answer")));
            Assert.That(first.Events.Select(e => e.Msg).OfType<BackgroundEvent>().Select(e => e.Message), Has.Some.Contains("compacted"));
            Assert.That(compaction.Header("Codex-Task-Type"), Is.EqualTo("compact"));
            Assert.That(Texts(compaction).Last(), Does.StartWith("Summarize this conversation"));
            Assert.That(compaction.Json!.Value.GetProperty("tools").GetArrayLength(), Is.Zero);
            Assert.That(afterCompaction, Has.Some.Contains("SUMMARY: the user wants a greeting").And.Some.Contains("please greet me"));
            Assert.That(afterCompaction, Has.None.EqualTo("first answer"), "the summarized exchange is gone from the history");
            Assert.That(afterCompaction.Last(), Is.EqualTo("again"));
            Assert.That(afterRestart, Has.Some.Contains("SUMMARY: the user wants a greeting"), "a resumed conversation keeps the compacted history");
            Assert.That(afterRestart, Has.None.EqualTo("first answer"));
        }
    }

    [Test]
    public async Task Codex_CompactPromptArgument_IsWhatTheModelIsAskedToSummarizeWith()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Text("answer").WithUsage(150, 0), ScriptedReply.Text("short summary")),
            cancellationToken: timeout.Token,
            topLevelConfig: Limit);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("hi", p => p with { CompactPrompt = "Summarize in one line." }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("answer"));
        Assert.That(Texts(session.Model.Requests[1]).Last(), Is.EqualTo("Summarize in one line."));
    }

    [Test]
    public async Task Codex_StillOverTheLimitAfterCompaction_FailsTheTurnWithAClearError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ScriptedReply.Text("a").WithUsage(200, 0),
                ScriptedReply.Text("summary"),
                ScriptedReply.Text("b").WithUsage(200, 0)),
            cancellationToken: timeout.Token,
            topLevelConfig: Limit);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var first = await session.CodexAsync("hi", cancellationToken: timeout.Token);
        var second = await session.Client.ReplyAsync(first.ConversationId!, "and?", cancellationToken: timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.IsError, Is.False);
            Assert.That(second.IsError, Is.True);
            Assert.That(second.Text, Does.StartWith("Conversation is still above the token limit after automatic summarization (limit 100, current 200)"));
            Assert.That(second.Events.Select(e => e.Msg).OfType<ErrorEvent>(), Is.Not.Empty);
        }
    }

    /// <summary>The text of every message in a Responses request's input, in order.</summary>
    private static List<string> Texts(RecordedRequest request) =>
        request.Json!.Value.GetProperty("input").EnumerateArray()
            .Where(item => item.GetProperty("type").GetString() == "message")
            .Select(item => string.Concat(item.GetProperty("content").EnumerateArray().Select(part => part.GetProperty("text").GetString())))
            .ToList();
}
