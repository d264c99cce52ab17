using Codex.Benchmarks;

namespace Codex.McpServer.Tests.Load;

/// <summary>
/// Seeded hostile input on the server's stdin (<see cref="FuzzScenario"/>): every request with a
/// readable id answered exactly once, one id-null error per unreadable line, nothing but JSON-RPC
/// on stdout, the server up throughout and exiting 0 on EOF. Prints lines/s and the seed.
/// </summary>
[NonParallelizable]
public sealed class FuzzTests
{
    private const int Seed = 42;

    [Test]
    public async Task Fuzz_SeededHostileLines_EveryRequestAnsweredOnceAndServerStaysUp()
    {
        var options = new FuzzOptions
        {
            ServerPath = ServerLocator.ServerPath(),
            Lines = LongTests.Enabled ? 100_000 : 10_000,
            Seed = Seed,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(LongTests.Enabled ? 10 : 2));

        var report = await FuzzScenario.RunAsync(options, timeout.Token);

        report.WriteTo(TestContext.Out);
        Assert.That(report.Problems, Is.Empty);
        Assert.That(report.AnsweredOnce, Is.EqualTo(report.RequestsWithId));
        Assert.That(report.NullIdErrors.Received, Is.EqualTo(report.NullIdErrors.Expected));
        Assert.That(report.Turns.Completed, Is.EqualTo(report.Turns.Sent).And.GreaterThan(0), "valid turns ran between the garbage");
        Assert.That(report.ExitCode, Is.Zero);
        Assert.That(Enum.GetValues<FuzzKind>().Where(k => !report.LinesByKind.ContainsKey(k)), Is.Empty, "every kind of line was sent");
    }

    [Test]
    public void FuzzLineGenerator_SameSeed_SameLinesAndExpectations()
    {
        static List<FuzzLine> Lines(int seed)
        {
            var generator = new FuzzLineGenerator(seed, "/work/space");
            return [.. Enumerable.Range(0, 2000).Select(_ => generator.Next())];
        }

        var first = Lines(Seed);
        var again = Lines(Seed);
        var other = Lines(Seed + 1);

        Assert.That(again.Select(l => Convert.ToHexString(l.Bytes)), Is.EqualTo(first.Select(l => Convert.ToHexString(l.Bytes))));
        Assert.That(again.Select(l => (l.Kind, l.AnsweredId, l.NullIdError, string.Join(",", l.UnansweredIds))), Is.EqualTo(first.Select(l => (l.Kind, l.AnsweredId, l.NullIdError, string.Join(",", l.UnansweredIds)))));
        Assert.That(other.Select(l => Convert.ToHexString(l.Bytes)), Is.Not.EqualTo(first.Select(l => Convert.ToHexString(l.Bytes))));
        Assert.That(first.Where(l => l.AnsweredId is not null).Select(l => l.AnsweredId).Distinct().Count(), Is.EqualTo(first.Count(l => l.AnsweredId is not null)), "ids are unique");
        Assert.That(first.Where(l => l.Bytes.Contains((byte)'\n')), Is.Empty, "no line carries its own line break");
    }
}
