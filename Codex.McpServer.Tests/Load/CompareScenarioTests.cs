using Codex.Benchmarks;

namespace Codex.McpServer.Tests.Load;

/// <summary>
/// The side-by-side comparison of build/bench.sh (<see cref="CompareScenario"/>) run with small
/// counts against our server alone (the original Rust server is not installed in tests): every
/// section runs and checks its answers, every figure of ours is measured, and each of the
/// original's cells says why it is missing. The figures are printed, never judged.
/// </summary>
[NonParallelizable]
public sealed class CompareScenarioTests
{
    [Test]
    public async Task Compare_OursAloneWithSmallCounts_EveryFigureOfOursMeasuredAndOriginalMarkedMissing()
    {
        var options = new CompareOptions
        {
            Ours = ServerUnderTest.Ours(ServerLocator.ServerPath()),
            OriginalMissingReason = "not installed in tests",
            ColdStarts = 2,
            WarmCalls = 10,
            WarmTurns = 3,
            StreamTurns = 1,
            StreamDeltas = 500,
            SandboxTurns = 1,
            Conversations = 4,
            ConcurrentRuns = 1,
            SoakTurns = 200,
            SampleEvery = 50,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));

        var report = await CompareScenario.RunAsync(options, TestContext.Out, timeout.Token);

        report.WriteTo(TestContext.Out);
        Assert.That(report.Problems, Is.Empty);
        Assert.That(report.Rows.Where(r => r.Ours is null).Select(r => r.Figure), Is.Empty, "every figure of ours was measured");
        Assert.That(report.Rows.Select(r => r.Original), Has.All.Null);
        Assert.That(report.Rows.Select(r => r.Missing), Has.All.EqualTo("not installed in tests"));
        Assert.That(report.Rows.Where(r => r.Target is not null).Select(r => r.Verdict), Has.All.EqualTo("n/a"));
        Assert.That(report.Curve.Select(p => p.Turn), Is.EqualTo(new[] { 0, 50, 100, 150, 200 }));
        Assert.That(report.Curve.Select(p => p.Ours), Has.All.GreaterThan(0L));
        Assert.That(report.ModelTraffic["ours"], Does.StartWith("POST /v1/responses × "));

        using var markdown = new StringWriter();
        BenchmarksDocument.Write(markdown, report, options, "test machine", "test command", null);
        Assert.That(markdown.ToString(), Does.Contain("Original: not measured (not installed in tests)"));
        Assert.That(markdown.ToString(), Does.Contain("no `Codex.MicroBenchmarks` project"));
    }

    [TestCase(0.10, false, "met")]
    [TestCase(0.20, false, "MISSED")]
    [TestCase(3.00, true, "met")]
    [TestCase(1.50, true, "MISSED")]
    public void Verdict_RatioAgainstTarget_MetOrMissed(double ratio, bool higherIsBetter, string expected)
    {
        var target = higherIsBetter ? RatioTarget.AtLeast(2) : RatioTarget.AtMost(0.15);
        var row = new ComparisonRow { Item = "1", Figure = "f", Unit = "ms", Ours = ratio * 100, Original = 100, Target = target };

        Assert.That(row.Verdict, Is.EqualTo(expected));
        Assert.That(row.FormatRatio(), Is.EqualTo(ratio.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + "×"));
    }

    [Test]
    public void Verdict_NotComparableRow_NoRatioAndNoVerdict()
    {
        var row = new ComparisonRow { Item = "5", Figure = "f", Unit = "ms", Ours = 40, Original = 0.01, Comparable = false };

        Assert.That(row.Ratio, Is.Null);
        Assert.That(row.FormatRatio(), Is.EqualTo("not comparable"));
        Assert.That(row.Verdict, Is.Empty);
    }
}
