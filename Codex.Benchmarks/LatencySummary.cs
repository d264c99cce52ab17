namespace Codex.Benchmarks;

/// <summary>Percentiles of a set of durations (nearest-rank).</summary>
public sealed record LatencySummary(TimeSpan P50, TimeSpan P99, TimeSpan Max, TimeSpan Mean)
{
    /// <summary>Summarizes <paramref name="samples"/>; all zero when there are none.</summary>
    public static LatencySummary From(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        return new LatencySummary(
            Rank(sorted, 0.50),
            Rank(sorted, 0.99),
            sorted[^1],
            TimeSpan.FromTicks((long)sorted.Average(t => t.Ticks)));
    }

    private static TimeSpan Rank(TimeSpan[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
