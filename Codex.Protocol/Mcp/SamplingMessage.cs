using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>One message of a <c>sampling/createMessage</c> conversation.</summary>
public sealed record SamplingMessage
{
    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    /// <summary>
    /// The message's blocks. The wire allows one block or an array; both are read, an array is
    /// written. A message holding tool results holds nothing else.
    /// </summary>
    [JsonPropertyName("content")]
    [JsonConverter(typeof(SamplingContentListConverter))]
    public required IReadOnlyList<SamplingContent> Content { get; init; }
}
