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

    // Issue 13: what the agent sees and how hard it thinks (reasoning and image arguments).

    /// <summary>Overrides the reasoning effort for this turn only.</summary>
    [JsonPropertyName("reasoning-effort")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("How hard the model reasons in this turn: `none`, `minimal`, `low`, `medium`, `high` or `xhigh` (which a model accepts depends on the model). Overrides the conversation's setting (its `reasoning-effort`, else config.toml's `model_reasoning_effort`) for this turn only; later turns go back to it.")]
    public ReasoningEffort? ReasoningEffort { get; init; }

    /// <summary>Overrides the reasoning summary for this turn only.</summary>
    [JsonPropertyName("reasoning-summary")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Which reasoning summaries the model writes in this turn: `auto`, `concise`, `detailed` or `none`. Overrides the conversation's setting (its `reasoning-summary`, else config.toml's `model_reasoning_summary`) for this turn only.")]
    public ReasoningSummary? ReasoningSummary { get; init; }

    /// <summary>Images sent with the prompt: local paths or <c>data:</c> URLs.</summary>
    [JsonPropertyName("images")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Images the model sees with this `prompt`: paths of local PNG, JPEG, GIF or WebP files (relative to the conversation's `cwd`, or absolute) or `data:image/…;base64,…` URLs. At most 8, each at most 10 MiB and 2048×2048 pixels; a larger image is an error (it is not downscaled). They stay in the conversation, also after a resume.")]
    public IReadOnlyList<string>? Images { get; init; }
}
