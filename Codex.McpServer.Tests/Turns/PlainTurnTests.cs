using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

public sealed class PlainTurnTests
{
    [Test]
    public async Task Codex_PlainTextTurn_StreamsEventsInOrderAndReturnsTheMessage()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("hi there").WithUsage(10, 5)), cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("say hi", cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(result.Text, Is.EqualTo("hi there"));
        var id = result.ConversationId;
        Assert.That(Guid.TryParse(id, out var guid) && guid.Version == 7, Is.True, $"conversation id {id} is a UUIDv7");
        Assert.That(result.Result.Content.Select(c => ((Protocol.Mcp.TextContentBlock)c).Text), Is.EqualTo(new[] { "hi there", $"conversationId: {id}" }));

        var types = result.Events.Select(e => e.Msg.GetType()).ToList();
        Assert.That(types.First(), Is.EqualTo(typeof(SessionConfiguredEvent)));
        Assert.That(types.Last(), Is.EqualTo(typeof(TaskCompleteEvent)));
        Assert.That(types, Does.Contain(typeof(AgentMessageDeltaEvent)));
        Assert.That(types.IndexOf(typeof(TaskStartedEvent)), Is.LessThan(types.IndexOf(typeof(AgentMessageDeltaEvent))));
        Assert.That(types.IndexOf(typeof(AgentMessageEvent)), Is.LessThan(types.LastIndexOf(typeof(TokenCountEvent))));
        Assert.That(result.Events.Select(e => e.Meta.ThreadId).Distinct(), Is.EqualTo(new[] { id }));
        Assert.That(result.Events[0].Id, Is.EqualTo(string.Empty));
        Assert.That(result.Events.Skip(1).Select(e => e.Id).Distinct().Single(), Is.EqualTo(result.Events[0].Meta.RequestId.ToString()));
        Assert.That(((TaskCompleteEvent)result.Events[^1].Msg).LastAgentMessage, Is.EqualTo("hi there"));
    }
}
