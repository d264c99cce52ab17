using System.Text.Json;

namespace Codex.Engine.Model;

/// <summary>
/// One model request (spec §9). The caller builds the tool JSON (spec §7, Responses shape: <c>{"type":"function","name":…}</c>);
/// the Chat client converts function tools and drops the others.
/// </summary>
public sealed record ModelRequest
{
    /// <summary>The originator header value the original sends.</summary>
    public const string DefaultOriginator = "codex_cli_rs";

    /// <summary>Model slug.</summary>
    public required string Model { get; init; }

    /// <summary>Base instructions (Responses <c>instructions</c>, Chat <c>messages[0]</c> system message).</summary>
    public required string Instructions { get; init; }

    /// <summary>The full history to send.</summary>
    public required IReadOnlyList<ResponseItem> Input { get; init; }

    /// <summary>Tool definitions as raw JSON objects, in order (clone elements whose document gets disposed).</summary>
    public IReadOnlyList<JsonElement> Tools { get; init; } = [];

    /// <summary><c>parallel_tool_calls</c> (false in the baseline).</summary>
    public bool ParallelToolCalls { get; init; }

    /// <summary>The <c>reasoning</c> parameter; null sends <c>"reasoning": null</c> and <c>include: []</c>.</summary>
    public ReasoningOptions? Reasoning { get; init; }

    /// <summary><c>text.verbosity</c> (gpt-5 family); omitted when null.</summary>
    public string? Verbosity { get; init; }

    /// <summary>The conversation id: <c>conversation_id</c>/<c>session_id</c> headers and <c>prompt_cache_key</c>.</summary>
    public string? ConversationId { get; init; }

    /// <summary><c>Codex-Task-Type</c> header: <c>standard</c>, <c>compact</c> or <c>review</c>.</summary>
    public string TaskType { get; init; } = "standard";

    /// <summary><c>originator</c> header.</summary>
    public string Originator { get; init; } = DefaultOriginator;

    /// <summary><c>User-Agent</c> header; null keeps the SDK's own.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Further headers (applied after the standard ones, before the provider's own headers).</summary>
    public IReadOnlyDictionary<string, string>? ExtraHeaders { get; init; }

    /// <summary>Called (synchronously, from the HTTP pipeline) before each HTTP-level retry of this request.</summary>
    public Action<RetryNotice>? OnRequestRetry { get; init; }
}
