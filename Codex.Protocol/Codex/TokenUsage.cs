using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>Token counts of one model response or of a whole conversation.</summary>
public sealed record TokenUsage
{
    /// <summary>Input tokens.</summary>
    [JsonPropertyName("input_tokens")]
    public long InputTokens { get; init; }

    /// <summary>Input tokens served from the prompt cache.</summary>
    [JsonPropertyName("cached_input_tokens")]
    public long CachedInputTokens { get; init; }

    /// <summary>Output tokens.</summary>
    [JsonPropertyName("output_tokens")]
    public long OutputTokens { get; init; }

    /// <summary>Output tokens spent on reasoning.</summary>
    [JsonPropertyName("reasoning_output_tokens")]
    public long ReasoningOutputTokens { get; init; }

    /// <summary>All tokens.</summary>
    [JsonPropertyName("total_tokens")]
    public long TotalTokens { get; init; }

    /// <summary>Fields of later releases (for example <c>cache_write_input_tokens</c>), kept as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The sum of two usages.</summary>
    public TokenUsage Add(TokenUsage other) => new()
    {
        InputTokens = InputTokens + other.InputTokens,
        CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
        OutputTokens = OutputTokens + other.OutputTokens,
        ReasoningOutputTokens = ReasoningOutputTokens + other.ReasoningOutputTokens,
        TotalTokens = TotalTokens + other.TotalTokens,
    };
}

/// <summary>The <c>info</c> of a <c>token_count</c> event.</summary>
public sealed record TokenUsageInfo
{
    /// <summary>Usage of the whole conversation.</summary>
    [JsonPropertyName("total_token_usage")]
    public required TokenUsage TotalTokenUsage { get; init; }

    /// <summary>Usage of the last model response.</summary>
    [JsonPropertyName("last_token_usage")]
    public required TokenUsage LastTokenUsage { get; init; }

    /// <summary>The usable context window, or null.</summary>
    [JsonPropertyName("model_context_window")]
    public long? ModelContextWindow { get; init; }
}

/// <summary>The provider's rate-limit state (spec §9.4).</summary>
public sealed record RateLimitSnapshot
{
    /// <summary>The primary window, or null.</summary>
    [JsonPropertyName("primary")]
    public RateLimitWindow? Primary { get; init; }

    /// <summary>The secondary window, or null.</summary>
    [JsonPropertyName("secondary")]
    public RateLimitWindow? Secondary { get; init; }

    /// <summary>Fields of later releases, kept as read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One rate-limit window.</summary>
public sealed record RateLimitWindow
{
    /// <summary>How much of the window is used, in percent.</summary>
    [JsonPropertyName("used_percent")]
    public double UsedPercent { get; init; }

    /// <summary>The window's length in minutes, or null.</summary>
    [JsonPropertyName("window_minutes")]
    public long? WindowMinutes { get; init; }

    /// <summary>When it resets, in Unix seconds, or null.</summary>
    [JsonPropertyName("resets_at")]
    public long? ResetsAt { get; init; }
}
