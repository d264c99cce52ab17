using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>
/// The parameters of <c>sampling/createMessage</c> (MCP 2025-11-25): the server asks the client's
/// model for the next message, optionally offering tools.
/// </summary>
public sealed record CreateMessageRequestParams
{
    /// <summary>The conversation so far, oldest first.</summary>
    [JsonPropertyName("messages")]
    public required IReadOnlyList<SamplingMessage> Messages { get; init; }

    /// <summary>Which model the server would prefer; the client may ignore it.</summary>
    [JsonPropertyName("modelPreferences")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelPreferences? ModelPreferences { get; init; }

    /// <summary>The system prompt the server wants; the client may change or drop it.</summary>
    [JsonPropertyName("systemPrompt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SystemPrompt { get; init; }

    /// <summary>
    /// <c>none</c> (the default when absent), or the soft-deprecated <c>thisServer</c> / <c>allServers</c>,
    /// which need the client's <c>sampling.context</c> capability.
    /// </summary>
    [JsonPropertyName("includeContext")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IncludeContext { get; init; }

    /// <summary>The sampling temperature.</summary>
    [JsonPropertyName("temperature")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Temperature { get; init; }

    /// <summary>The most tokens to sample; the client may sample fewer.</summary>
    [JsonPropertyName("maxTokens")]
    public required int MaxTokens { get; init; }

    /// <summary>Sequences that end sampling.</summary>
    [JsonPropertyName("stopSequences")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? StopSequences { get; init; }

    /// <summary>Provider-specific metadata passed through to the model provider (an object).</summary>
    [JsonPropertyName("metadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Metadata { get; init; }

    /// <summary>Tools the model may call; only when the client declared <c>sampling.tools</c>.</summary>
    [JsonPropertyName("tools")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Tool>? Tools { get; init; }

    /// <summary>How the model may use <see cref="Tools"/>; absent means <c>auto</c>.</summary>
    [JsonPropertyName("toolChoice")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ToolChoice? ToolChoice { get; init; }
}
