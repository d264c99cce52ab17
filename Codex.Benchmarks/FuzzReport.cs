using System.Globalization;

namespace Codex.Benchmarks;

/// <summary>The figures and findings of a <see cref="FuzzScenario"/> run.</summary>
public sealed record FuzzReport
{
    /// <summary>The settings used.</summary>
    public required FuzzOptions Options { get; init; }

    /// <summary>Bytes written to stdin.</summary>
    public required long Bytes { get; init; }

    /// <summary>Lines per kind.</summary>
    public required IReadOnlyDictionary<FuzzKind, int> LinesByKind { get; init; }

    /// <summary>Requests with a readable id, each owed exactly one answer.</summary>
    public required int RequestsWithId { get; init; }

    /// <summary>Those answered exactly once.</summary>
    public required int AnsweredOnce { get; init; }

    /// <summary>Lines owed one error with id null, and such errors received.</summary>
    public required (int Expected, int Received) NullIdErrors { get; init; }

    /// <summary>Valid <c>codex</c> turns sent, and those answered with the model's text.</summary>
    public required (int Sent, int Completed) Turns { get; init; }

    /// <summary><c>codex/event</c> notifications received.</summary>
    public required int Events { get; init; }

    /// <summary>From the first byte written until every answer had arrived.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The server's status once everything was answered.</summary>
    public required ProcessStatus? ServerAfter { get; init; }

    /// <summary>The exit code after stdin was closed, or null if it did not exit in time.</summary>
    public required int? ExitCode { get; init; }

    /// <summary>Everything that went wrong; empty when all is well.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Lines per second, writing to answered.</summary>
    public double LinesPerSecond => Options.Lines / Elapsed.TotalSeconds;

    /// <summary>Prints the figures.</summary>
    public void WriteTo(TextWriter writer)
    {
        var kinds = string.Join(", ", LinesByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"));
        new FigureTable($"fuzz: {Options.Lines} lines, seed {Options.Seed}")
            .Add("seed", Options.Seed.ToString(CultureInfo.InvariantCulture))
            .Add("lines / bytes", $"{Options.Lines} / {Bytes}")
            .Add("lines by kind", kinds)
            .Add("requests with an id", RequestsWithId.ToString(CultureInfo.InvariantCulture))
            .Add("answered exactly once", AnsweredOnce.ToString(CultureInfo.InvariantCulture))
            .Add("id-null errors expected / got", $"{NullIdErrors.Expected} / {NullIdErrors.Received}")
            .Add("valid turns sent / completed", $"{Turns.Sent} / {Turns.Completed}")
            .Add("codex/event notifications", Events.ToString(CultureInfo.InvariantCulture))
            .Add("elapsed", $"{Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms")
            .Add("lines/s", LinesPerSecond.ToString("0", CultureInfo.InvariantCulture))
            .Add("server RSS / peak after", ServerAfter is { } s ? $"{ProcessStatus.MiB(s.RssBytes)} / {ProcessStatus.MiB(s.PeakRssBytes)} MiB" : "n/a (exited)")
            .Add("exit code on stdin EOF", ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "did not exit")
            .Add("problems", Problems.Count.ToString(CultureInfo.InvariantCulture))
            .WriteTo(writer);
        foreach (var problem in Problems.Take(30))
        {
            writer.WriteLine("problem: " + problem);
        }
    }
}
