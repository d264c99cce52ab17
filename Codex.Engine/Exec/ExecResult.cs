namespace Codex.Engine.Exec;

/// <summary>The outcome of a command that ran (or timed out).</summary>
public sealed record ExecResult
{
    /// <summary>Exit timeout code (spec §7.7).</summary>
    public const int TimeoutExitCode = 124;

    /// <summary>The exit code: 124 after a timeout, 128 + n when killed by signal n.</summary>
    public required int ExitCode { get; init; }

    /// <summary>Standard output, decoded as UTF-8 with invalid bytes replaced.</summary>
    public required string Stdout { get; init; }

    /// <summary>Standard error, decoded likewise.</summary>
    public required string Stderr { get; init; }

    /// <summary>Both streams interleaved in the order chunks were read.</summary>
    public required string AggregatedOutput { get; init; }

    /// <summary>Wall time from start to exit.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>True when the timeout killed the command.</summary>
    public bool TimedOut { get; init; }
}
