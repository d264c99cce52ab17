namespace Codex.Benchmarks;

/// <summary>Settings of <see cref="LoadScenario"/>.</summary>
public sealed record LoadOptions
{
    /// <summary>The server binary.</summary>
    public required string ServerPath { get; init; }

    /// <summary>How many conversations run at once.</summary>
    public int Conversations { get; init; } = 32;

    /// <summary>Turns per conversation: one <c>codex</c>, then <c>codex-reply</c>s.</summary>
    public int TurnsPerConversation { get; init; } = 1;

    /// <summary>How many deltas each answer is streamed in (more deltas, more interleaving).</summary>
    public int Deltas { get; init; } = 8;
}
