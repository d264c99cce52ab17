using System.Text.Json.Serialization;

namespace Codex.Protocol.JsonRpc;

/// <summary>The parameters of <c>notifications/cancelled</c> as the connection itself sends them.</summary>
internal sealed record CancelledParams(
    [property: JsonPropertyName("requestId")] RequestId RequestId,
    [property: JsonPropertyName("reason")] string? Reason);

[JsonSerializable(typeof(CancelledParams))]
internal sealed partial class JsonRpcJsonContext : JsonSerializerContext;
