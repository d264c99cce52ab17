using System.Globalization;

namespace Codex.Benchmarks;

/// <summary>The figures and findings of a <see cref="SoakScenario"/> run.</summary>
public sealed record SoakReport
{
    /// <summary>The settings used.</summary>
    public required SoakOptions Options { get; init; }

    /// <summary>Turns answered as expected.</summary>
    public required int TurnsCompleted { get; init; }

    /// <summary>Conversations started.</summary>
    public required int Conversations { get; init; }

    /// <summary>The status before the first turn and after every sample interval.</summary>
    public required IReadOnlyList<SoakSample> Samples { get; init; }

    /// <summary>Per-turn latency.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>All turns, back to back.</summary>
    public required TimeSpan Wall { get; init; }

    /// <summary>Size of the rollout files under CODEX_HOME/sessions at the end.</summary>
    public required long RolloutBytes { get; init; }

    /// <summary>The body of the last model request: the history the server sends, which grows with a conversation.</summary>
    public required long LastModelRequestBytes { get; init; }

    /// <summary>Wrong answers, crossed events, failures; empty when all is well.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Completed turns per second.</summary>
    public double TurnsPerSecond => TurnsCompleted / Wall.TotalSeconds;

    /// <summary>The sample growth is measured from (at <see cref="SoakOptions.EffectiveGrowthFromTurn"/>), if taken.</summary>
    public SoakSample? GrowthBase => Samples.FirstOrDefault(s => s.Turn == Options.EffectiveGrowthFromTurn);

    /// <summary>RSS growth in percent from <see cref="GrowthBase"/> to the last sample; null without both.</summary>
    public double? RssGrowthPercent =>
        GrowthBase is { } from && Samples.Count > 0 && Samples[^1].Turn > from.Turn
            ? (Samples[^1].Status.RssBytes - from.Status.RssBytes) * 100.0 / from.Status.RssBytes
            : null;

    /// <summary>Prints the curve and the figures.</summary>
    public void WriteTo(TextWriter writer)
    {
        var mode = Options.TurnsPerConversation == 0 ? "one conversation" : $"a new conversation every {Options.TurnsPerConversation} turns";
        writer.WriteLine($"soak: {Options.Turns} sequential turns, {mode}");
        writer.WriteLine("turn    RSS MiB  anon MiB  peak MiB  threads  fds  elapsed s");
        foreach (var sample in Samples)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sample.Turn,5}  {ProcessStatus.MiB(sample.Status.RssBytes),8}  {ProcessStatus.MiB(sample.Status.AnonymousBytes),8}  {ProcessStatus.MiB(sample.Status.PeakRssBytes),8}  {sample.Status.Threads,7}  {sample.Status.OpenFiles,3}  {sample.Elapsed.TotalSeconds,9:0.0}"));
        }

        writer.WriteLine();
        var growth = RssGrowthPercent is { } g
            ? string.Create(CultureInfo.InvariantCulture, $"{g:+0.0;-0.0;0.0} % (turn {GrowthBase!.Turn} -> {Samples[^1].Turn})")
            : "n/a (no samples at both ends)";
        new FigureTable("soak figures")
            .Add("turns completed", $"{TurnsCompleted} / {Options.Turns}")
            .Add("conversations", Conversations.ToString(CultureInfo.InvariantCulture))
            .Add("RSS growth", growth)
            .Add("turns/s", TurnsPerSecond.ToString("0.0", CultureInfo.InvariantCulture))
            .Add("turn latency p50 / p99 / max", string.Create(CultureInfo.InvariantCulture, $"{Latency.P50.TotalMilliseconds:0.0} / {Latency.P99.TotalMilliseconds:0.0} / {Latency.Max.TotalMilliseconds:0.0} ms"))
            .Add("last model request body", string.Create(CultureInfo.InvariantCulture, $"{LastModelRequestBytes / 1024.0:0.0} KiB"))
            .Add("rollout files", $"{ProcessStatus.MiB(RolloutBytes)} MiB")
            .Add("problems", Problems.Count.ToString(CultureInfo.InvariantCulture))
            .WriteTo(writer);
        foreach (var problem in Problems.Take(20))
        {
            writer.WriteLine("problem: " + problem);
        }
    }
}
