namespace Codex.Benchmarks;

/// <summary>Nearest-rank statistics of plain numbers (see <see cref="LatencySummary"/> for durations).</summary>
public static class Stats
{
    /// <summary>The median, or null when there are no values.</summary>
    public static double? Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>The nearest-rank <paramref name="quantile"/>, or null when there are no values.</summary>
    public static double? Percentile(IEnumerable<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
