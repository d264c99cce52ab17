using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The server's advisory preferences for the model a client picks for <c>sampling/createMessage</c>.</summary>
public sealed record ModelPreferences
{
    /// <summary>Model name hints, evaluated in order; the first match wins.</summary>
    [JsonPropertyName("hints")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ModelHint>? Hints { get; init; }

    /// <summary>How much cost matters, 0 to 1.</summary>
    [JsonPropertyName("costPriority")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? CostPriority { get; init; }

    /// <summary>How much speed matters, 0 to 1.</summary>
    [JsonPropertyName("speedPriority")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SpeedPriority { get; init; }

    /// <summary>How much capability matters, 0 to 1.</summary>
    [JsonPropertyName("intelligencePriority")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? IntelligencePriority { get; init; }
}

/// <summary>One hint of <see cref="ModelPreferences.Hints"/>.</summary>
public sealed record ModelHint
{
    /// <summary>A model name, or part of one (e.g. <c>sonnet</c>).</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }
}
