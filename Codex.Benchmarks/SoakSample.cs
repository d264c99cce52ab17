namespace Codex.Benchmarks;

/// <summary>The server's status after <paramref name="Turn"/> turns, and the run's time so far.</summary>
public sealed record SoakSample(int Turn, ProcessStatus Status, TimeSpan Elapsed);
