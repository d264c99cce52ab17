namespace Codex.Benchmarks;

/// <summary>The figures and findings of a <see cref="LoadScenario"/> run.</summary>
public sealed record LoadReport
{
    /// <summary>The settings used.</summary>
    public required LoadOptions Options { get; init; }

    /// <summary>Turns that completed with the expected answer and events.</summary>
    public required int TurnsCompleted { get; init; }

    /// <summary>Turns started.</summary>
    public required int TurnsExpected { get; init; }

    /// <summary>Distinct conversation ids the server handed out.</summary>
    public required int DistinctConversations { get; init; }

    /// <summary><c>codex/event</c> notifications received in all.</summary>
    public required int Events { get; init; }

    /// <summary>From the first call sent to the last answer.</summary>
    public required TimeSpan Wall { get; init; }

    /// <summary>Per-call latency.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>The server's status after the run (VmHWM is the peak over the whole run).</summary>
    public required ProcessStatus ServerAfter { get; init; }

    /// <summary>Crossed events, wrong answers, failures; empty when all is well.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Completed turns per second of wall time.</summary>
    public double TurnsPerSecond => TurnsCompleted / Wall.TotalSeconds;

    /// <summary>Prints the figures.</summary>
    public void WriteTo(TextWriter writer)
    {
        var table = new FigureTable($"load: {Options.Conversations} concurrent conversations x {Options.TurnsPerConversation} turn(s)")
            .Add("turns completed", $"{TurnsCompleted} / {TurnsExpected}")
            .Add("distinct conversations", DistinctConversations.ToString(Invariant))
            .Add("codex/event notifications", Events.ToString(Invariant))
            .Add("crossed or wrong events", Problems.Count.ToString(Invariant))
            .Add("wall time", $"{Wall.TotalMilliseconds.ToString("0", Invariant)} ms")
            .Add("turns/s", TurnsPerSecond.ToString("0.0", Invariant))
            .Add("call latency p50 / p99 / max", $"{Ms(Latency.P50)} / {Ms(Latency.P99)} / {Ms(Latency.Max)} ms")
            .Add("server peak RSS (VmHWM)", $"{ProcessStatus.MiB(ServerAfter.PeakRssBytes)} MiB")
            .Add("server RSS after", $"{ProcessStatus.MiB(ServerAfter.RssBytes)} MiB")
            .Add("server threads / fds after", $"{ServerAfter.Threads} / {ServerAfter.OpenFiles}");
        table.WriteTo(writer);
        foreach (var problem in Problems.Take(20))
        {
            writer.WriteLine("problem: " + problem);
        }
    }

    private static IFormatProvider Invariant => System.Globalization.CultureInfo.InvariantCulture;

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", Invariant);
}
