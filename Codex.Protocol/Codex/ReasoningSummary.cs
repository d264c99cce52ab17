using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// Whether and how a reasoning model summarises its reasoning: the Responses API's
/// <c>reasoning.summary</c> (config key <c>model_reasoning_summary</c>). Upstream Codex's enum.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReasoningSummary>))]
public enum ReasoningSummary
{
    /// <summary>The model decides (the default).</summary>
    [JsonStringEnumMemberName("auto")] Auto,

    /// <summary>Short summaries.</summary>
    [JsonStringEnumMemberName("concise")] Concise,

    /// <summary>Long summaries.</summary>
    [JsonStringEnumMemberName("detailed")] Detailed,

    /// <summary>No summaries.</summary>
    [JsonStringEnumMemberName("none")] None,
}
