using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>MCP log levels (RFC 5424 names), least to most severe.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LoggingLevel>))]
public enum LoggingLevel
{
    /// <summary>Detailed debugging information.</summary>
    [JsonStringEnumMemberName("debug")] Debug,

    /// <summary>Informational messages.</summary>
    [JsonStringEnumMemberName("info")] Info,

    /// <summary>Normal but significant events.</summary>
    [JsonStringEnumMemberName("notice")] Notice,

    /// <summary>Warnings.</summary>
    [JsonStringEnumMemberName("warning")] Warning,

    /// <summary>Errors.</summary>
    [JsonStringEnumMemberName("error")] Error,

    /// <summary>Critical conditions.</summary>
    [JsonStringEnumMemberName("critical")] Critical,

    /// <summary>Action must be taken immediately.</summary>
    [JsonStringEnumMemberName("alert")] Alert,

    /// <summary>The system is unusable.</summary>
    [JsonStringEnumMemberName("emergency")] Emergency,
}

/// <summary>The parameters of <c>logging/setLevel</c>.</summary>
public sealed record SetLevelRequestParams
{
    /// <summary>The minimum level the client wants to receive.</summary>
    [JsonPropertyName("level")]
    public required LoggingLevel Level { get; init; }
}

/// <summary>The parameters of <c>notifications/message</c>.</summary>
public sealed record LoggingMessageNotificationParams
{
    /// <summary>The severity.</summary>
    [JsonPropertyName("level")]
    public required LoggingLevel Level { get; init; }

    /// <summary>The logger's name.</summary>
    [JsonPropertyName("logger")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Logger { get; init; }

    /// <summary>The message or structured data.</summary>
    [JsonPropertyName("data")]
    public required JsonElement Data { get; init; }
}
