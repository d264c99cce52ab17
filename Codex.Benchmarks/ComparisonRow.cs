using System.Globalization;

namespace Codex.Benchmarks;

/// <summary>A target for the ratio ours/original: at most <see cref="Ratio"/> when lower is better, at least when higher is.</summary>
/// <param name="Ratio">The bound.</param>
/// <param name="HigherIsBetter">True for rates (turns/s, events/s), false for times and memory.</param>
public sealed record RatioTarget(double Ratio, bool HigherIsBetter)
{
    /// <summary>Ours must be at most <paramref name="ratio"/> times the original.</summary>
    public static RatioTarget AtMost(double ratio) => new(ratio, false);

    /// <summary>Ours must be at least <paramref name="ratio"/> times the original.</summary>
    public static RatioTarget AtLeast(double ratio) => new(ratio, true);

    /// <summary>Whether <paramref name="ratio"/> meets the target.</summary>
    public bool IsMet(double ratio) => HigherIsBetter ? ratio >= Ratio : ratio <= Ratio;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(HigherIsBetter ? "≥" : "≤")} {Ratio:0.##}×");
}

/// <summary>
/// One figure of the comparison: our median (or other statistic), the original's, and their ratio.
/// A missing value carries the reason it is missing.
/// </summary>
public sealed record ComparisonRow
{
    /// <summary>The issue's item number, e.g. <c>1</c>.</summary>
    public required string Item { get; init; }

    /// <summary>What is measured, e.g. <c>spawn → initialize answer, fresh CODEX_HOME (median)</c>.</summary>
    public required string Figure { get; init; }

    /// <summary>The unit, e.g. <c>ms</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>Our value; null when not measured.</summary>
    public double? Ours { get; init; }

    /// <summary>The original's value; null when not measured.</summary>
    public double? Original { get; init; }

    /// <summary>Why <see cref="Original"/> (or <see cref="Ours"/>) is missing.</summary>
    public string? Missing { get; init; }

    /// <summary>The median of per-pair ratios, where runs were paired (ours, original, ours, …).</summary>
    public double? PairedRatio { get; init; }

    /// <summary>The issue's target for the ratio, if it sets one for this figure.</summary>
    public RatioTarget? Target { get; init; }

    /// <summary>A check that is not a ratio to the original (e.g. linear growth), printed in the target column.</summary>
    public string? Check { get; init; }

    /// <summary>The outcome of <see cref="Check"/>.</summary>
    public string? CheckVerdict { get; init; }

    /// <summary>Decimals to print.</summary>
    public int Decimals { get; init; } = 1;

    /// <summary>False when the two servers define the figure differently, so a ratio would mislead.</summary>
    public bool Comparable { get; init; } = true;

    /// <summary>ours / original, when both are there, comparable, and the original is not zero.</summary>
    public double? Ratio => Comparable && Ours is { } o && Original is { } r && r != 0 ? o / r : null;

    /// <summary><c>met</c>, <c>MISSED</c>, <c>n/a</c> without a ratio, or the <see cref="CheckVerdict"/> when there is no target.</summary>
    public string Verdict => Target is null ? CheckVerdict ?? string.Empty : Ratio is { } ratio ? (Target.IsMet(ratio) ? "met" : "MISSED") : "n/a";

    /// <summary>A value as printed.</summary>
    public string Format(double? value) =>
        value is { } v ? v.ToString("N" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The ratio as printed.</summary>
    public string FormatRatio() =>
        Ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:0.000}×") : Comparable ? "n/a" : "not comparable";
}
