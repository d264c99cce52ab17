using System.Text.Json.Serialization;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Serialization;

namespace Codex.Protocol;

/// <summary>
/// The params of a <c>codex/event</c> notification (spec §3.1):
/// <c>{"_meta":{"requestId", "threadId", "seq"}, "id", "msg"}</c>.
/// </summary>
public sealed record CodexEvent
{
    /// <summary>The notification's method name.</summary>
    public const string Method = "codex/event";

    /// <summary>Which <c>tools/call</c> (and which conversation) this event belongs to.</summary>
    [JsonPropertyName("_meta")]
    public required CodexEventMeta Meta { get; init; }

    /// <summary>
    /// The submission id: <c>""</c> for <c>session_configured</c>, the tools/call id as a string in a
    /// <c>codex</c> turn, the conversation's counter in a <c>codex-reply</c> turn.
    /// </summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The event.</summary>
    [JsonPropertyName("msg")]
    [JsonConverter(typeof(EventMsgConverter))]
    public required EventMsg Msg { get; init; }
}

/// <summary>The <c>_meta</c> of a <c>codex/event</c>.</summary>
public sealed record CodexEventMeta
{
    /// <summary>The id of the <c>tools/call</c> this event belongs to, with its original JSON type.</summary>
    [JsonPropertyName("requestId")]
    public required RequestId RequestId { get; init; }

    /// <summary>The conversation id; omitted when unknown.</summary>
    [JsonPropertyName("threadId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ThreadId { get; init; }

    /// <summary>
    /// The event's place among the events of its <c>tools/call</c>: 0 for the first, then one more
    /// for each event, with no gaps. A client whose notification handlers run concurrently (the
    /// official C# SDK's do) sorts a call's events by it to get them back in the order the server
    /// sent them, e.g. to join streamed text deltas. Null from servers that do not send it
    /// (Codex 0.153.4 and earlier).
    /// </summary>
    [JsonPropertyName("seq")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seq { get; init; }
}
