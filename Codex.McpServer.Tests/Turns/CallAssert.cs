using System.Text.Json;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tests.Turns;

/// <summary>Reads and checks the parts of a call's outcome that most tests look at.</summary>
internal static class CallAssert
{
    /// <summary>The event kinds in arrival order, e.g. <c>SessionConfigured, ItemStarted, …</c>.</summary>
    public static List<string> Kinds(IEnumerable<CodexEvent> events) =>
        [.. events.Select(e => e.Msg.GetType().Name is var name && name.EndsWith("Event", StringComparison.Ordinal) ? name[..^"Event".Length] : name)];

    /// <summary>The text blocks of the result.</summary>
    public static IReadOnlyList<string> Texts(CodexCallResult result) =>
        [.. result.Result.Content.Select(block => block is TextContentBlock text ? text.Text : $"<{block.GetType().Name}>")];

    /// <summary>All text of the agent_message_delta events.</summary>
    public static string Deltas(IEnumerable<CodexEvent> events) =>
        string.Concat(events.Select(e => e.Msg).OfType<AgentMessageDeltaEvent>().Select(d => d.Delta));

    /// <summary>The events of type <typeparamref name="T"/>.</summary>
    public static IReadOnlyList<T> Of<T>(IEnumerable<CodexEvent> events)
        where T : EventMsg => [.. events.Select(e => e.Msg).OfType<T>()];

    /// <summary>
    /// The success shape of our contract: content = [the message, "conversationId: id"], structuredContent
    /// = {threadId, conversationId, content, status: "completed"}, no isError.
    /// </summary>
    public static void Succeeded(CodexCallResult result, string expectedText)
    {
        var id = result.ConversationId;
        Assert.That(result.Result.IsError, Is.Null, $"isError is absent on success; text: {result.Text}");
        Assert.That(Texts(result), Is.EqualTo(new[] { expectedText, $"conversationId: {id}", "<ResourceLinkContentBlock>", "<ResourceLinkContentBlock>" }));
        Assert.That(result.Result.StructuredContent, Is.Not.Null);
        var structured = result.Result.StructuredContent!.Value;
        Assert.That(structured.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[] { "content", "conversationId", "threadId" }));
        Assert.That(structured.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(structured.GetProperty("threadId").GetString(), Is.EqualTo(id));
        Assert.That(structured.GetProperty("conversationId").GetString(), Is.EqualTo(id));
        Assert.That(structured.GetProperty("content").GetString(), Is.EqualTo(expectedText));
    }

    /// <summary>An isError result whose first text block contains every one of <paramref name="fragments"/>.</summary>
    public static void Failed(CodexCallResult result, params string[] fragments)
    {
        Assert.That(result.IsError, Is.True, $"expected an isError result, got: {string.Join(" | ", Texts(result))}");
        foreach (var fragment in fragments)
        {
            Assert.That(result.Text, Does.Contain(fragment));
        }
    }

    /// <summary>Every event belongs to one request (same <c>_meta.requestId</c>) and one thread.</summary>
    public static void AllBelongTo(IReadOnlyList<CodexEvent> events, string? threadId)
    {
        Assert.That(events, Is.Not.Empty);
        Assert.That(events.Select(e => e.Meta.RequestId).Distinct().Count(), Is.EqualTo(1), "one _meta.requestId for every event of a call");
        Assert.That(events.Select(e => e.Meta.ThreadId).Distinct(), Is.EqualTo(new[] { threadId }), "_meta.threadId is the conversation id");
    }

    /// <summary>Parses a JSON object literal for raw tool arguments.</summary>
    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
