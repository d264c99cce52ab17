using System.Text.Json;
using System.Text.Json.Serialization;
using Codex.Protocol.JsonRpc;

namespace Codex.Protocol.Mcp;

/// <summary>The parameters of <c>notifications/cancelled</c>.</summary>
public sealed record CancelledNotificationParams
{
    /// <summary>The request to cancel.</summary>
    [JsonPropertyName("requestId")]
    public required RequestId RequestId { get; init; }

    /// <summary>Why, for logs.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}

/// <summary>The parameters of <c>notifications/progress</c>.</summary>
public sealed record ProgressNotificationParams
{
    /// <summary>The token from the request's <c>_meta.progressToken</c> (a string or a number).</summary>
    [JsonPropertyName("progressToken")]
    public required JsonElement ProgressToken { get; init; }

    /// <summary>Progress so far; increases with every notification.</summary>
    [JsonPropertyName("progress")]
    public required double Progress { get; init; }

    /// <summary>The total, when known.</summary>
    [JsonPropertyName("total")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Total { get; init; }

    /// <summary>A human-readable status.</summary>
    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}
