using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The parameters of <c>initialize</c>.</summary>
public sealed record InitializeRequestParams
{
    /// <summary>The protocol revision the client wants.</summary>
    [JsonPropertyName("protocolVersion")]
    public required string ProtocolVersion { get; init; }

    /// <summary>What the client can do.</summary>
    [JsonPropertyName("capabilities")]
    public ClientCapabilities Capabilities { get; init; } = new();

    /// <summary>Who the client is.</summary>
    [JsonPropertyName("clientInfo")]
    public required Implementation ClientInfo { get; init; }
}

/// <summary>The result of <c>initialize</c>.</summary>
public sealed record InitializeResult
{
    /// <summary>The protocol revision the server will speak.</summary>
    [JsonPropertyName("protocolVersion")]
    public required string ProtocolVersion { get; init; }

    /// <summary>What the server offers.</summary>
    [JsonPropertyName("capabilities")]
    public required ServerCapabilities Capabilities { get; init; }

    /// <summary>Who the server is.</summary>
    [JsonPropertyName("serverInfo")]
    public required Implementation ServerInfo { get; init; }

    /// <summary>Optional usage instructions for the client's model.</summary>
    [JsonPropertyName("instructions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Instructions { get; init; }
}
