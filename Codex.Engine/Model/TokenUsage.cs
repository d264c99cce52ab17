namespace Codex.Engine.Model;

/// <summary>Token counts of one model response (spec §3.2 <c>TokenUsage</c>); the engine maps it to the wire event.</summary>
public sealed record TokenUsage
{
    /// <summary>Prompt tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Prompt tokens served from the cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Completion tokens spent on reasoning.</summary>
    public long ReasoningOutputTokens { get; init; }

    /// <summary>Total as reported by the server.</summary>
    public long TotalTokens { get; init; }

    /// <summary>Field-wise sum, for cumulative totals.</summary>
    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TokenUsage
        {
            InputTokens = InputTokens + other.InputTokens,
            CachedInputTokens = CachedInputTokens + other.CachedInputTokens,
            OutputTokens = OutputTokens + other.OutputTokens,
            ReasoningOutputTokens = ReasoningOutputTokens + other.ReasoningOutputTokens,
            TotalTokens = TotalTokens + other.TotalTokens,
        };
    }
}
