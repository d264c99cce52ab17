using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Conversations;

public sealed class ReplyTests
{
    [Test]
    public async Task CodexReply_TwoReplies_ModelGetsWholeHistoryAndEventIdsCountFromZero()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("first answer"), ScriptedReply.Text("second answer"), ScriptedReply.Text("third answer")),
            timeout.Token);

        var first = await server.CodexAsync("first prompt", timeout.Token);
        var id = first.ConversationId!;
        var second = await server.ReplyAsync(id, "second prompt", timeout.Token);
        var third = await server.ReplyAsync(id, "third prompt", timeout.Token);

        CallAssert.Succeeded(second, "second answer");
        CallAssert.Succeeded(third, "third answer");
        Assert.That(second.ConversationId, Is.EqualTo(id));
        Assert.That(third.ConversationId, Is.EqualTo(id));

        var requests = server.Model.Requests.Select(ModelRequestView.From).ToList();
        Assert.That(requests, Has.Count.EqualTo(3));
        Assert.That(requests[1].Dialogue, Is.EqualTo(new[] { "user: first prompt", "assistant: first answer", "user: second prompt" }));
        Assert.That(requests[2].Dialogue, Is.EqualTo(new[] { "user: first prompt", "assistant: first answer", "user: second prompt", "assistant: second answer", "user: third prompt" }));
        Assert.That(server.Model.Requests.Select(r => r.Header("conversation_id")).Distinct(), Is.EqualTo(new[] { id }), "every request of the conversation carries its id");

        Assert.That(second.Events.Select(e => e.Id).Distinct(), Is.EqualTo(new[] { "0" }));
        Assert.That(third.Events.Select(e => e.Id).Distinct(), Is.EqualTo(new[] { "1" }));
        foreach (var reply in new[] { second, third })
        {
            var kinds = CallAssert.Kinds(reply.Events);
            Assert.That(kinds, Does.Not.Contain("SessionConfigured"), "codex-reply never sends session_configured");
            Assert.That(kinds[0], Is.EqualTo("ItemStarted"));
            Assert.That(kinds[^1], Is.EqualTo("TaskComplete"));
            CallAssert.AllBelongTo(reply.Events, id);
        }

        Assert.That(second.Events[0].Meta.RequestId, Is.Not.EqualTo(third.Events[0].Meta.RequestId));
    }

    [TestCase("conversationId")]
    [TestCase("threadId")]
    public async Task CodexReply_ConversationNamedByOneField_ContinuesThatConversation(string field)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("two")), timeout.Token);
        var first = await server.CodexAsync("start", timeout.Token);
        var id = first.ConversationId!;

        var reply = await server.Client.CallAsync("codex-reply", CallAssert.Json(new JsonObject { ["prompt"] = "continue", [field] = id }.ToJsonString()), cancellationToken: timeout.Token);

        CallAssert.Succeeded(reply, "two");
        Assert.That(reply.ConversationId, Is.EqualTo(id));
        Assert.That(ModelRequestView.From(server.Model.Requests[1]).Dialogue, Is.EqualTo(new[] { "user: start", "assistant: one", "user: continue" }));
    }

    [TestCase("upper")]
    [TestCase("urn")]
    [TestCase("braces")]
    public async Task CodexReply_OtherUuidSpellings_AreNormalisedToTheConversation(string spelling)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("two")), timeout.Token);
        var id = (await server.CodexAsync("start", timeout.Token)).ConversationId!;
        var written = spelling switch
        {
            "upper" => id.ToUpperInvariant(),
            "urn" => "urn:uuid:" + id,
            _ => "{" + id + "}",
        };

        var reply = await server.ReplyAsync(written, "continue", timeout.Token);

        CallAssert.Succeeded(reply, "two");
        Assert.That(reply.ConversationId, Is.EqualTo(id));
        CallAssert.AllBelongTo(reply.Events, id);
    }

    [Test]
    public async Task CodexReply_UnknownOrMalformedIds_AreToolErrorsAndTheServerKeepsWorking()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("still here")), timeout.Token);
        var unknown = Guid.CreateVersion7().ToString();

        var notFound = await server.ReplyAsync(unknown, "hello?", timeout.Token);
        var malformed = await server.ReplyAsync("not-a-uuid", "hello?", timeout.Token);
        var missing = await server.Client.CallAsync("codex-reply", CallAssert.Json("""{"prompt":"no id"}"""), cancellationToken: timeout.Token);

        CallAssert.Failed(notFound, $"Session not found for conversation_id: {unknown}");
        Assert.That(notFound.Text, Does.StartWith("Session not found for conversation_id: "));
        Assert.That(notFound.Events, Is.Empty);
        CallAssert.Failed(malformed, "not-a-uuid");
        Assert.That(malformed.Text, Does.StartWith("Failed to parse conversation_id: "));
        Assert.That(malformed.Events, Is.Empty);
        CallAssert.Failed(missing, "threadId", "conversationId");
        Assert.That(server.Model.Requests, Is.Empty, "no model request for a reply that names no conversation");

        var ok = await server.CodexAsync("are you there", timeout.Token);
        CallAssert.Succeeded(ok, "still here");
    }
}
