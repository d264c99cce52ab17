using System.Text.RegularExpressions;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

public sealed partial class PlainTurnTests
{
    [Test]
    public async Task Codex_PlainTurnOnResponsesWire_StreamsEventsInSpecOrderAndReturnsTheMessage()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("hi there", deltas: 3).WithUsage(10, 5)), timeout.Token);

        var result = await server.CodexAsync("say hi", timeout.Token);

        CallAssert.Succeeded(result, "hi there");
        var id = result.ConversationId!;
        Assert.That(Guid.TryParse(id, out var guid) && guid.Version == 7 && id == id.ToLowerInvariant(), Is.True, $"conversation id {id} is a lowercase UUIDv7");
        Assert.That(CallAssert.Kinds(result.Events), Is.EqualTo(new[]
        {
            "SessionConfigured", "ItemStarted", "ItemCompleted", "TaskStarted",
            "AgentMessageDelta", "AgentMessageDelta", "AgentMessageDelta", "AgentMessage", "TokenCount", "TaskComplete",
        }));
        CallAssert.AllBelongTo(result.Events, id);

        var requestId = result.Events[0].Meta.RequestId;
        Assert.That(requestId.IsString, Is.False, "the typed client sends integer ids, echoed as integers");
        Assert.That(result.Events[0].Id, Is.EqualTo(string.Empty), "session_configured has submission id \"\"");
        Assert.That(result.Events.Skip(1).Select(e => e.Id).Distinct(), Is.EqualTo(new[] { requestId.ToString() }), "turn events carry the tools/call id as a string");

        var configured = (SessionConfiguredEvent)result.Events[0].Msg;
        Assert.That(configured.SessionId, Is.EqualTo(id));
        Assert.That(configured.Model, Is.EqualTo("mock-model"));
        Assert.That(File.Exists(configured.RolloutPath), Is.True, $"rollout file {configured.RolloutPath} exists");
        var sessions = Path.Combine(server.Session.CodexHome, "sessions");
        var relative = Path.GetRelativePath(sessions, configured.RolloutPath);
        Assert.That(RolloutName().IsMatch(relative), Is.True, $"rollout path {relative} is YYYY/MM/DD/rollout-<timestamp>-<id>.jsonl");
        Assert.That(relative, Does.EndWith($"-{id}.jsonl"));

        var started = (ItemStartedEvent)result.Events[1].Msg;
        var completed = (ItemCompletedEvent)result.Events[2].Msg;
        Assert.That((completed.ThreadId, completed.TurnId, ((UserMessageTurnItem)completed.Item).Id), Is.EqualTo((started.ThreadId, started.TurnId, ((UserMessageTurnItem)started.Item).Id)), "item_completed repeats item_started");
        Assert.That(started.ThreadId, Is.EqualTo(id));
        Assert.That(started.TurnId, Is.EqualTo(requestId.ToString()));
        var userItem = (UserMessageTurnItem)started.Item;
        Assert.That(userItem.Content.OfType<TextUserInput>().Select(t => t.Text), Is.EqualTo(new[] { "say hi" }));

        Assert.That(CallAssert.Deltas(result.Events), Is.EqualTo("hi there"));
        Assert.That(CallAssert.Of<AgentMessageEvent>(result.Events).Single().Message, Is.EqualTo("hi there"));
        var info = CallAssert.Of<TokenCountEvent>(result.Events).Single().Info;
        Assert.That(info, Is.Not.Null, "token_count after the response carries the usage");
        Assert.That((info!.LastTokenUsage.InputTokens, info.LastTokenUsage.OutputTokens, info.LastTokenUsage.TotalTokens), Is.EqualTo((10L, 5L, 15L)));
        Assert.That(info.TotalTokenUsage.TotalTokens, Is.EqualTo(15));
        Assert.That(CallAssert.Of<TaskCompleteEvent>(result.Events).Single().LastAgentMessage, Is.EqualTo("hi there"));
    }

    [Test]
    public async Task Codex_PlainTurnOnChatWire_ReturnsTheMessageAfterTaskComplete()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("chat answer").WithUsage(7, 3)), timeout.Token, wireApi: "chat");

        var result = await server.CodexAsync("hello over chat", timeout.Token);

        CallAssert.Succeeded(result, "chat answer");
        var request = server.Model.Requests.Single();
        Assert.That(request.Path, Is.EqualTo("/v1/chat/completions"));
        Assert.That(ModelRequestView.From(request).Texts("user")[^1], Is.EqualTo("hello over chat"));

        // Chat may or may not stream deltas; everything else is the same sequence as on the Responses wire.
        var kinds = CallAssert.Kinds(result.Events).Where(k => k != "AgentMessageDelta");
        Assert.That(kinds, Is.EqualTo(new[] { "SessionConfigured", "ItemStarted", "ItemCompleted", "TaskStarted", "AgentMessage", "TokenCount", "TaskComplete" }));
        CallAssert.AllBelongTo(result.Events, result.ConversationId);
        Assert.That(CallAssert.Of<AgentMessageEvent>(result.Events).Single().Message, Is.EqualTo("chat answer"));
        Assert.That(CallAssert.Of<TaskCompleteEvent>(result.Events).Single().LastAgentMessage, Is.EqualTo("chat answer"));
    }

    [Test]
    public async Task Codex_ModelAnswersTwoMessages_ResultIsTheLastMessageExactly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reply = ScriptedReply.Empty.WithMessage("first thoughts", 2).WithMessage("  final answer\nwith two lines  ", 2);
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(reply), timeout.Token);

        var result = await server.CodexAsync("answer twice", timeout.Token);

        CallAssert.Succeeded(result, "  final answer\nwith two lines  ");
        Assert.That(CallAssert.Of<AgentMessageEvent>(result.Events).Select(m => m.Message), Is.EqualTo(new[] { "first thoughts", "  final answer\nwith two lines  " }));
    }

    [GeneratedRegex(@"^\d{4}/\d{2}/\d{2}/rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}\.jsonl$")]
    private static partial Regex RolloutName();
}
