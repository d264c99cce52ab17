using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The client's answer to <c>sampling/createMessage</c>: the sampled message and the model that wrote it.</summary>
public sealed record CreateMessageResult
{
    /// <summary>The sampled message's role, normally <c>assistant</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    /// <summary>The sampled blocks; one block or an array on the wire, always a list here.</summary>
    [JsonPropertyName("content")]
    [JsonConverter(typeof(SamplingContentListConverter))]
    public required IReadOnlyList<SamplingContent> Content { get; init; }

    /// <summary>The name of the model that answered.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary>
    /// Why sampling stopped, when known: <c>endTurn</c>, <c>stopSequence</c>, <c>maxTokens</c>,
    /// <c>toolUse</c>, or a provider-specific value.
    /// </summary>
    [JsonPropertyName("stopReason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopReason { get; init; }
}
