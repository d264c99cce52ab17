namespace Codex.Benchmarks;

/// <summary>Settings of <see cref="CompareScenario"/>; the defaults are the full-size run of build/bench.sh.</summary>
public sealed record CompareOptions
{
    /// <summary>Our server.</summary>
    public required ServerUnderTest Ours { get; init; }

    /// <summary>The original Rust server, or null to measure ours alone.</summary>
    public ServerUnderTest? Original { get; init; }

    /// <summary>Why there is no <see cref="Original"/>, printed in its column.</summary>
    public string? OriginalMissingReason { get; init; }

    /// <summary>Spawns per server and CODEX_HOME kind (items 1, 2 first, 3 first, 6 idle).</summary>
    public int ColdStarts { get; init; } = 15;

    /// <summary><c>tools/list</c> calls per server on a warm process (item 2).</summary>
    public int WarmCalls { get; init; } = 200;

    /// <summary><c>codex</c> turns per server on a warm process (item 3).</summary>
    public int WarmTurns { get; init; } = 50;

    /// <summary>Streamed turns per server (item 4).</summary>
    public int StreamTurns { get; init; } = 5;

    /// <summary>Deltas in a streamed turn (item 4).</summary>
    public int StreamDeltas { get; init; } = 20_000;

    /// <summary><c>true</c> turns per server and sandbox mode (item 5).</summary>
    public int SandboxTurns { get; init; } = 10;

    /// <summary>Conversations at once (item 6).</summary>
    public int Conversations { get; init; } = 32;

    /// <summary>Runs of the concurrent conversations per server (item 6).</summary>
    public int ConcurrentRuns { get; init; } = 3;

    /// <summary>Sequential turns on one conversation (item 8).</summary>
    public int SoakTurns { get; init; } = 1000;

    /// <summary>RSS is read every this many soak turns (item 8).</summary>
    public int SampleEvery { get; init; } = 100;

    /// <summary>How long one call may take before it counts as failed.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Every server to drive, ours first.</summary>
    public IReadOnlyList<ServerUnderTest> Servers => Original is null ? [Ours] : [Ours, Original];
}
