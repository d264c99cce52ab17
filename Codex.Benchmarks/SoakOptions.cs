namespace Codex.Benchmarks;

/// <summary>Settings of <see cref="SoakScenario"/>.</summary>
public sealed record SoakOptions
{
    /// <summary>The server binary.</summary>
    public required string ServerPath { get; init; }

    /// <summary>Turns in all, one after the other.</summary>
    public int Turns { get; init; } = 1000;

    /// <summary>The server's status is read before the first turn and after every this many turns.</summary>
    public int SampleEvery { get; init; } = 100;

    /// <summary>
    /// Turns per conversation before a new <c>codex</c> call starts the next one; 0 keeps one
    /// conversation (one <c>codex</c>, then <c>codex-reply</c>s) for the whole run.
    /// </summary>
    public int TurnsPerConversation { get; init; }

    /// <summary>
    /// The turn from which growth is measured to the end; null takes 40 % of <see cref="Turns"/>
    /// (turn 400 of 1,000), rounded down to a sample.
    /// </summary>
    public int? GrowthFromTurn { get; init; }

    /// <summary>The first sample of the growth figure.</summary>
    public int EffectiveGrowthFromTurn => GrowthFromTurn ?? (int)(Turns * 0.4) / SampleEvery * SampleEvery;
}
