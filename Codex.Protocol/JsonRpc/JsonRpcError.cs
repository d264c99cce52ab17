using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.JsonRpc;

/// <summary>The <c>error</c> member of a JSON-RPC error response.</summary>
public sealed record JsonRpcError
{
    /// <summary>The error code; see <see cref="JsonRpcErrorCodes"/>.</summary>
    [JsonPropertyName("code")]
    public required int Code { get; init; }

    /// <summary>A short description of the error.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary>Optional extra information.</summary>
    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Data { get; init; }
}
