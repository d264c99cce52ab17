using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// The arguments of the <c>codex-reply</c> tool: the next prompt and the conversation, named by
/// <c>threadId</c> or (older clients) <c>conversationId</c>.
/// </summary>
public sealed record CodexToolCallReplyParam
{
    /// <summary>The tool's name.</summary>
    public const string ToolName = "codex-reply";

    /// <summary>The next user prompt.</summary>
    [JsonPropertyName("prompt")]
    [Description("Your next message in the conversation.")]
    public required string Prompt { get; init; }

    /// <summary>The conversation id (preferred name).</summary>
    [JsonPropertyName("threadId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("The conversation to continue: the `threadId` from the `codex` result (also in its text as `conversationId: …`). Give this or `conversationId`.")]
    public string? ThreadId { get; init; }

    /// <summary>The conversation id (the original name).</summary>
    [JsonPropertyName("conversationId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Same as `threadId`; the name older clients use.")]
    public string? ConversationId { get; init; }

    /// <summary>Returns at once with the state <c>running</c>; the turn goes on (follow it with <c>codex-status</c>).</summary>
    [JsonPropertyName("background")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Return at once with the state `running` while the turn goes on; follow it with `codex-status`, answer approvals with `codex-approve`, stop it with `codex-cancel`.")]
    public bool? Background { get; init; }

    /// <summary>The conversation id from whichever field was given, <c>threadId</c> first.</summary>
    [JsonIgnore]
    public string? EffectiveConversationId => ThreadId ?? ConversationId;
}
