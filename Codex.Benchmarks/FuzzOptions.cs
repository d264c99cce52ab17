namespace Codex.Benchmarks;

/// <summary>Settings of <see cref="FuzzScenario"/>.</summary>
public sealed record FuzzOptions
{
    /// <summary>The server binary.</summary>
    public required string ServerPath { get; init; }

    /// <summary>Lines in all, counting the first <c>initialize</c> and the last <c>ping</c>.</summary>
    public int Lines { get; init; } = 10_000;

    /// <summary>Seeds the lines and how they are cut into writes.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How long to wait, after the last write, for every answer.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
