using System.Globalization;
using System.Text;

namespace Codex.Benchmarks;

/// <summary>
/// The figures of a <see cref="CompareScenario"/> run as rows (ours, original, ratio, target),
/// the soak's RSS curve, and what could not be measured; printed as a text table or as the
/// markdown of BENCHMARKS.md.
/// </summary>
public sealed class CompareReport
{
    private const double MiBytes = 1048576.0;

    private readonly CompareOptions _options;
    private readonly CompareSeries _series;

    /// <summary>Builds the rows from the samples.</summary>
    public CompareReport(CompareOptions options, CompareSeries series, IReadOnlyList<CompareScenario.SoakCurvePoint> curve, IReadOnlyList<string> problems, TimeSpan wall, IReadOnlyDictionary<string, string> modelTraffic)
    {
        ModelTraffic = modelTraffic;
        _options = options;
        _series = series;
        Curve = curve;
        Problems = problems;
        Wall = wall;
        Rows = BuildRows();
    }

    /// <summary>The figures, in the issue's order.</summary>
    public IReadOnlyList<ComparisonRow> Rows { get; }

    /// <summary>The soak's RSS readings.</summary>
    public IReadOnlyList<CompareScenario.SoakCurvePoint> Curve { get; }

    /// <summary>What went wrong with ours; empty when all is well.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Per server, the requests its scripted model received, by method and path.</summary>
    public IReadOnlyDictionary<string, string> ModelTraffic { get; }

    /// <summary>How long the whole comparison took.</summary>
    public TimeSpan Wall { get; }

    /// <summary>Prints the table, the curve and the notes.</summary>
    public void WriteTo(TextWriter writer)
    {
        var header = new[] { "#", "figure", "ours", "original", "ours/orig", "per pair", "target", "verdict" };
        var cells = Rows.Select(Cells).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        string Line(string[] row) => string.Join("  ", row.Select((c, i) => i is 0 or 1 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        writer.WriteLine(Line(header));
        writer.WriteLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        foreach (var row in cells)
        {
            writer.WriteLine(Line(row));
        }

        writer.WriteLine();
        writer.WriteLine("RSS during the soak (MiB)");
        writer.WriteLine(" turn    ours  original");
        foreach (var point in Curve)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{point.Turn,5}  {MiB(point.Ours),6}  {MiB(point.Original),8}"));
        }

        writer.WriteLine();
        foreach (var note in Notes())
        {
            writer.WriteLine("note: " + note);
        }

        foreach (var problem in Problems)
        {
            writer.WriteLine("problem: " + problem);
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"comparison took {Wall.TotalSeconds:0} s"));
    }

    /// <summary>Every soak turn's call → result time as CSV (<c>turn,ours_ms,original_ms</c>), for a closer look.</summary>
    public void WriteSoakCsv(TextWriter writer)
    {
        var ours = _series.Get(_options.Ours, "soak.turnMs");
        var theirs = _series.Get(_options.Original, "soak.turnMs");
        writer.WriteLine("turn,ours_ms,original_ms");
        for (var i = 0; i < Math.Max(ours.Count, theirs.Count); i++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1},{(i < ours.Count ? ours[i].ToString("0.000", CultureInfo.InvariantCulture) : string.Empty)},{(i < theirs.Count ? theirs[i].ToString("0.000", CultureInfo.InvariantCulture) : string.Empty)}"));
        }
    }

    /// <summary>The results part of BENCHMARKS.md: the table, the curve and the notes.</summary>
    public void WriteMarkdown(TextWriter writer)
    {
        writer.WriteLine("Targets (ours / original):");
        writer.WriteLine();
        foreach (var row in Rows.Where(r => r.Target is not null || r.Check is not null))
        {
            writer.WriteLine(row.Target is not null
                ? $"- **{row.Verdict}**: {row.Figure}: {row.FormatRatio()}, target {row.Target}"
                : $"- **{row.Verdict}**: growth no faster than linear, {row.Figure.Split(',')[0]} ({row.Check})");
        }

        writer.WriteLine();
        writer.WriteLine("| # | figure | ours | original 0.153.4 | ours / original | median of per-pair ratios | target | verdict |");
        writer.WriteLine("|---|---|---:|---:|---:|---:|---|---|");
        foreach (var row in Rows)
        {
            writer.WriteLine("| " + string.Join(" | ", Cells(row).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        writer.WriteLine();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RSS (VmRSS, MiB) every {_options.SampleEvery} turns of item 8's soak:"));
        writer.WriteLine();
        writer.WriteLine("| turn | ours | original | ours / original |");
        writer.WriteLine("|---:|---:|---:|---:|");
        foreach (var point in Curve)
        {
            var ratio = point.Ours is { } o && point.Original is { } r && r != 0 ? string.Create(CultureInfo.InvariantCulture, $"{(double)o / r:0.000}×") : "n/a";
            writer.WriteLine($"| {point.Turn} | {MiB(point.Ours)} | {MiB(point.Original)} | {ratio} |");
        }

        writer.WriteLine();
        var notes = Notes().ToList();
        if (notes.Count > 0 || Problems.Count > 0)
        {
            writer.WriteLine("Notes from this run:");
            writer.WriteLine();
            foreach (var note in notes)
            {
                writer.WriteLine("- " + note);
            }

            foreach (var problem in Problems)
            {
                writer.WriteLine("- problem with ours: " + problem);
            }

            writer.WriteLine();
        }
    }

    private string[] Cells(ComparisonRow row) =>
    [
        row.Item,
        row.Figure + (row.Unit.Length > 0 ? $" ({row.Unit})" : string.Empty),
        row.Format(row.Ours),
        row.Original is null && row.Missing is not null ? "n/a" : row.Format(row.Original),
        row.FormatRatio(),
        row.PairedRatio is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:0.000}×") : string.Empty,
        row.Target?.ToString() ?? row.Check ?? string.Empty,
        row.Verdict,
    ];

    private IEnumerable<string> Notes()
    {
        if (_options.Original is null)
        {
            yield return "original not measured: " + (_options.OriginalMissingReason ?? "no binary given");
        }

        foreach (var row in Rows.Where(r => r.Missing is not null && _options.Original is not null))
        {
            yield return $"item {row.Item}, {row.Figure}: n/a: {row.Missing}";
        }

        foreach (var (server, traffic) in ModelTraffic)
        {
            yield return $"requests the scripted model received from {server}: {traffic}";
        }

        var ourEvents = Stats.Median(_series.Get(_options.Ours, "stream.events"));
        var theirEvents = Stats.Median(_series.Get(_options.Original, "stream.events"));
        var ourDeltas = Stats.Median(_series.Get(_options.Ours, "stream.deltaEvents"));
        var theirDeltas = Stats.Median(_series.Get(_options.Original, "stream.deltaEvents"));
        if (ourEvents is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"item 4: a {_options.StreamDeltas:N0}-delta turn delivered {ourEvents:0} events from ours ({ourDeltas:0} of them message deltas) and {(theirEvents is { } te ? te.ToString("0", CultureInfo.InvariantCulture) : "n/a")} from the original ({(theirDeltas is { } td ? td.ToString("0", CultureInfo.InvariantCulture) : "n/a")} `agent_message_delta`/`agent_message_content_delta`); events/s counts every `codex/event` of the turn, call to result.");
        }
    }

    private List<ComparisonRow> BuildRows()
    {
        var rows = new List<ComparisonRow>
        {
            Median("1", "spawn → `initialize` answer, fresh CODEX_HOME, median", "ms", "init.fresh", "spawn", RatioTarget.AtMost(0.15), paired: true),
            Median("1", "spawn → `initialize` answer, reused CODEX_HOME, median", "ms", "init.reused", "spawn", RatioTarget.AtMost(0.15), paired: true),
            Median("2", "`tools/list`, first call on a new process, median", "ms", "list.first", "spawn", null, paired: true, decimals: 2),
            Quantile("2", "`tools/list`, warm, p50", "ms", "list.warm", "warm", 0.5, null, decimals: 2),
            Quantile("2", "`tools/list`, warm, p99", "ms", "list.warm", "warm", 0.99, null, decimals: 2),
            Quantile("3", "`codex` turn, first on a new process, call → result, p50", "ms", "turn.first", "spawn", 0.5, RatioTarget.AtMost(0.15)),
            Quantile("3", "`codex` turn, first on a new process, call → result, p99", "ms", "turn.first", "spawn", 0.99, null),
            Quantile("3", "`codex` turn, warm process (new conversation), p50", "ms", "turn.warm", "warm", 0.5, null),
            Quantile("3", "`codex` turn, warm process (new conversation), p99", "ms", "turn.warm", "warm", 0.99, null),
            Median("4", $"events delivered per second, one turn of {_options.StreamDeltas:N0} deltas, median", "events/s", "stream.eventsPerSecond", "stream", RatioTarget.AtLeast(2), decimals: 0),
            Median("4", "server CPU per event (user + system), median", "µs", "stream.cpuPerEventUs", "stream", null, decimals: 1),
            Median("4", $"the {_options.StreamDeltas:N0}-delta turn, call → result, median", "ms", "stream.turnMs", "stream", null, decimals: 0),
            Median("5", "`true` turn, workspace-write, approval never, call → result, median", "ms", "sandbox.turn.workspace-write", "sandbox.workspace-write", null),
            Median("5", "`true` turn, danger-full-access (no sandbox), median", "ms", "sandbox.turn.danger-full-access", "sandbox.danger-full-access", null),
            Difference("5", "sandbox launcher's own cost: workspace-write − danger-full-access turn, medians", "ms", "sandbox.turn.workspace-write", "sandbox.turn.danger-full-access", "sandbox.workspace-write", "sandbox.danger-full-access"),
            Median("5", "`true` exec duration the server reports in `exec_command_end`, workspace-write, median", "ms", "sandbox.exec.workspace-write", "sandbox.workspace-write", null, decimals: 2) with { Comparable = false },
            Median("5", "`true` exec duration the server reports in `exec_command_end`, danger-full-access, median", "ms", "sandbox.exec.danger-full-access", "sandbox.danger-full-access", null, decimals: 2) with { Comparable = false },
            Median("6", "RSS idle, 0.5 s after `initialize`, median", "MiB", "rss.idle", "spawn", RatioTarget.AtMost(0.25), scale: MiBytes),
            Median("6", "RSS after one turn, median", "MiB", "rss.afterTurn", "spawn", RatioTarget.AtMost(0.25), scale: MiBytes),
            Median("6", "peak RSS (VmHWM) after one turn, median", "MiB", "hwm.afterTurn", "spawn", RatioTarget.AtMost(0.25), scale: MiBytes),
            Median("6", $"peak RSS (VmHWM) after {_options.Conversations} concurrent conversations, median", "MiB", "concurrent.hwm", "concurrent", RatioTarget.AtMost(0.25), scale: MiBytes),
        };

        var fromTurn = Math.Min(_options.SampleEvery, _options.SoakTurns);
        rows.Add(CurveRow("6", $"RSS growth over the soak, turn {fromTurn} → {_options.SoakTurns}", p => p.Turn == _options.SoakTurns, p => p.Turn == fromTurn, null));

        var soakOurs = _series.Get(_options.Ours, "soak.turnMs");
        var soakTheirs = _series.Get(_options.Original, "soak.turnMs");
        double? TurnsPerSecond(IReadOnlyList<double> turns) => turns.Count == _options.SoakTurns ? turns.Count / (turns.Sum() / 1000) : null;
        rows.Add(new ComparisonRow
        {
            Item = "8",
            Figure = $"{_options.SoakTurns:N0} sequential turns on one conversation (`codex`, then `codex-reply`): turns per second",
            Unit = "turns/s",
            Ours = TurnsPerSecond(soakOurs),
            Original = TurnsPerSecond(soakTheirs),
            Missing = Missing("soak"),
            Target = RatioTarget.AtLeast(2),
        });
        rows.Add(Quantile("8", "soak turn, call → result, p50", "ms", "soak.turnMs", "soak", 0.5, null));
        rows.Add(Quantile("8", "soak turn, call → result, p99", "ms", "soak.turnMs", "soak", 0.99, null));
        rows.Add(CurveRow("8", $"RSS at turn {_options.SoakTurns:N0}", p => p.Turn == _options.SoakTurns, null, RatioTarget.AtMost(0.5)));

        // Linear growth adds the same amount per stretch of turns; faster growth adds more in the
        // second half than in the first. Checked for RSS and for the per-turn time.
        var mid = _options.SoakTurns / 2 / _options.SampleEvery * _options.SampleEvery;
        if (mid > fromTurn && mid < _options.SoakTurns)
        {
            var first = CurveRow("–", $"RSS growth per 100 turns, turn {fromTurn} → {mid}", p => p.Turn == mid, p => p.Turn == fromTurn, null, per100Turns: mid - fromTurn);
            var second = CurveRow("–", $"RSS growth per 100 turns, turn {mid} → {_options.SoakTurns}", p => p.Turn == _options.SoakTurns, p => p.Turn == mid, null, per100Turns: _options.SoakTurns - mid);
            rows.Add(first);
            rows.Add(second with { Check = "2nd half ≤ 1st half × 1.25 + 0.5 MiB", CheckVerdict = Linearity(first, second, 0.5) });
        }

        var window = Math.Min(100, _options.SoakTurns / 4);
        if (window >= 10)
        {
            rows.Add(Window("–", $"soak turn p50, turns 1–{window}", 0, window));
            rows.Add(Window("–", $"soak turn p50, turns {_options.SoakTurns - window + 1}–{_options.SoakTurns}", _options.SoakTurns - window, window));
        }

        // The per-turn time's slope in each half of the soak, fitted to the medians of short
        // windows so that a few turns slowed by other work on the machine do not decide it.
        var half = _options.SoakTurns / 2;
        if (half >= 100)
        {
            var first = SlopeRow("–", $"soak turn time slope, turns 1–{half:N0}", 0, half);
            var second = SlopeRow("–", $"soak turn time slope, turns {half + 1:N0}–{_options.SoakTurns:N0}", half, _options.SoakTurns - half);
            rows.Add(first);
            rows.Add(second with { Check = "2nd half ≤ 1st half × 1.5 + 0.5 ms per 100 turns", CheckVerdict = Linearity(first, second, 0.5, 1.5) });
        }

        return rows;
    }

    // "ours linear, original linear": whether the second stretch grew no faster than the first.
    private static string Linearity(ComparisonRow first, ComparisonRow second, double slack, double factor = 1.25)
    {
        string One(string name, double? a, double? b) =>
            a is { } x && b is { } y ? $"{name} {(y <= (Math.Max(x, 0) * factor) + slack ? "linear" : "FASTER")}" : $"{name} n/a";
        return One("ours", first.Ours, second.Ours) + ", " + One("original", first.Original, second.Original);
    }

    // Least-squares slope of per-turn time against the turn, over the medians of 25-turn windows,
    // in ms per 100 turns.
    private ComparisonRow SlopeRow(string item, string figure, int skip, int take)
    {
        const int Width = 25;
        double? Slope(ServerUnderTest? server)
        {
            var turns = _series.Get(server, "soak.turnMs");
            if (turns.Count != _options.SoakTurns)
            {
                return null;
            }

            var points = Enumerable.Range(0, take / Width)
                .Select(w => (X: skip + (w * Width) + (Width / 2.0), Y: Stats.Median(turns.Skip(skip + (w * Width)).Take(Width))!.Value))
                .ToList();
            if (points.Count < 2)
            {
                return null;
            }

            var meanX = points.Average(p => p.X);
            var meanY = points.Average(p => p.Y);
            var slope = points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
            return slope * 100;
        }

        return new ComparisonRow { Item = item, Figure = figure, Unit = "ms per 100 turns", Ours = Slope(_options.Ours), Original = Slope(_options.Original), Missing = Missing("soak"), Decimals = 2, Comparable = false };
    }

    private ComparisonRow Median(string item, string figure, string unit, string key, string section, RatioTarget? target, bool paired = false, int decimals = 1, double scale = 1) =>
        Quantile(item, figure, unit, key, section, 0.5, target, paired, decimals, scale);

    private ComparisonRow Quantile(string item, string figure, string unit, string key, string section, double quantile, RatioTarget? target, bool paired = false, int decimals = 1, double scale = 1)
    {
        var ours = _series.Get(_options.Ours, key);
        var theirs = _series.Get(_options.Original, key);
        double? pairedRatio = null;
        if (paired && ours.Count > 0 && ours.Count == theirs.Count)
        {
            pairedRatio = Stats.Median(ours.Zip(theirs, (o, t) => t == 0 ? double.NaN : o / t).Where(r => !double.IsNaN(r)));
        }

        return new ComparisonRow
        {
            Item = item,
            Figure = figure,
            Unit = unit,
            Ours = Stats.Percentile(ours, quantile) / scale,
            Original = Stats.Percentile(theirs, quantile) / scale,
            Missing = Missing(section),
            PairedRatio = pairedRatio,
            Target = target,
            Decimals = decimals,
        };
    }

    private ComparisonRow Difference(string item, string figure, string unit, string minuend, string subtrahend, string section, string otherSection)
    {
        double? Diff(ServerUnderTest? server) =>
            Stats.Median(_series.Get(server, minuend)) is { } a && Stats.Median(_series.Get(server, subtrahend)) is { } b ? a - b : null;
        return new ComparisonRow
        {
            Item = item,
            Figure = figure,
            Unit = unit,
            Ours = Diff(_options.Ours),
            Original = Diff(_options.Original),
            Missing = Missing(section) ?? Missing(otherSection),
        };
    }

    private ComparisonRow Window(string item, string figure, int skip, int take)
    {
        double? P50(ServerUnderTest? server) => _series.Get(server, "soak.turnMs") is { Count: var n } turns && n == _options.SoakTurns
            ? Stats.Median(turns.Skip(skip).Take(take))
            : null;
        return new ComparisonRow { Item = item, Figure = figure, Unit = "ms", Ours = P50(_options.Ours), Original = P50(_options.Original), Missing = Missing("soak") };
    }

    private ComparisonRow CurveRow(string item, string figure, Func<CompareScenario.SoakCurvePoint, bool> at, Func<CompareScenario.SoakCurvePoint, bool>? from, RatioTarget? target, int per100Turns = 0)
    {
        double? Value(Func<CompareScenario.SoakCurvePoint, long?> pick)
        {
            var end = Curve.FirstOrDefault(at) is { } e ? pick(e) : null;
            if (end is null)
            {
                return null;
            }

            if (from is null)
            {
                return end.Value / MiBytes;
            }

            var start = Curve.FirstOrDefault(from) is { } s ? pick(s) : null;
            if (start is null)
            {
                return null;
            }

            var growth = (end.Value - start.Value) / MiBytes;
            return per100Turns > 0 ? growth * 100 / per100Turns : growth;
        }

        return new ComparisonRow
        {
            Item = item,
            Figure = figure,
            Unit = "MiB",
            Ours = Value(p => p.Ours),
            Original = Value(p => p.Original),
            Missing = Missing("soak"),
            Target = target,
            Decimals = per100Turns > 0 ? 2 : 1,
        };
    }

    // Why a figure is missing: the original was not run, or failed in this section; ours failing is listed under problems.
    private string? Missing(string section) =>
        _options.Original is null
            ? _options.OriginalMissingReason ?? "original not run"
            : _series.MissingReason(_options.Original, section) ?? _series.MissingReason(_options.Ours, section);

    private static string MiB(long? bytes) => bytes is { } b ? (b / MiBytes).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The whole BENCHMARKS.md: a heading, how it was measured, the results, the micro-benchmarks.</summary>
    public string ToMarkdownDocument(string machine, string commandLine, string? microBenchmarks)
    {
        var text = new StringBuilder();
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        BenchmarksDocument.Write(writer, this, _options, machine, commandLine, microBenchmarks);
        return text.ToString();
    }
}
