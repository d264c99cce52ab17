using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// How hard a reasoning model thinks before answering: the Responses API's <c>reasoning.effort</c>
/// (config key <c>model_reasoning_effort</c>). The values are upstream Codex's current enum.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReasoningEffort>))]
public enum ReasoningEffort
{
    /// <summary>No reasoning (models that allow it, e.g. gpt-5.1).</summary>
    [JsonStringEnumMemberName("none")] None,

    /// <summary>As little reasoning as possible.</summary>
    [JsonStringEnumMemberName("minimal")] Minimal,

    /// <summary>Light reasoning.</summary>
    [JsonStringEnumMemberName("low")] Low,

    /// <summary>The API's default.</summary>
    [JsonStringEnumMemberName("medium")] Medium,

    /// <summary>Thorough reasoning.</summary>
    [JsonStringEnumMemberName("high")] High,

    /// <summary>The most reasoning (models that allow it, e.g. gpt-5.1-codex-max).</summary>
    [JsonStringEnumMemberName("xhigh")] XHigh,
}
