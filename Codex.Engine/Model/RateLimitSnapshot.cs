namespace Codex.Engine.Model;

/// <summary>Rate-limit state parsed from <c>x-codex-*</c> response headers (spec §9.4).</summary>
public sealed record RateLimitSnapshot
{
    /// <summary>The primary window, if reported.</summary>
    public RateLimitWindow? Primary { get; init; }

    /// <summary>The secondary window, if reported.</summary>
    public RateLimitWindow? Secondary { get; init; }
}

/// <summary>One rate-limit window.</summary>
public sealed record RateLimitWindow
{
    /// <summary>Percentage of the window used.</summary>
    public double UsedPercent { get; init; }

    /// <summary>Window length in minutes, if known.</summary>
    public long? WindowMinutes { get; init; }

    /// <summary>Reset time in epoch seconds, if known.</summary>
    public long? ResetsAt { get; init; }
}
