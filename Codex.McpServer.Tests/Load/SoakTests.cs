using Codex.Benchmarks;

namespace Codex.McpServer.Tests.Load;

/// <summary>
/// Sequential turns on one server (<see cref="SoakScenario"/>), one conversation throughout, with
/// the server's RSS read every few turns. Asserts that every turn got its own answer and that the
/// curve was taken; prints the curve, the growth, turns/s and p50/p99 without judging them.
/// </summary>
[NonParallelizable]
public sealed class SoakTests
{
    [Test]
    public async Task Soak_SequentialTurnsInOneConversation_EveryTurnAnsweredAndRssSampled()
    {
        var options = new SoakOptions
        {
            ServerPath = ServerLocator.ServerPath(),
            Turns = LongTests.Enabled ? 1000 : 200,
            SampleEvery = LongTests.Enabled ? 100 : 50,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(LongTests.Enabled ? 15 : 3));

        var report = await SoakScenario.RunAsync(options, null, timeout.Token);

        report.WriteTo(TestContext.Out);
        Assert.That(report.Problems, Is.Empty);
        Assert.That(report.TurnsCompleted, Is.EqualTo(options.Turns));
        Assert.That(report.Conversations, Is.EqualTo(1));
        Assert.That(report.Samples.Select(s => s.Turn), Is.EqualTo(Enumerable.Range(0, options.Turns / options.SampleEvery + 1).Select(i => i * options.SampleEvery)));
        Assert.That(report.Samples.Select(s => s.Status.RssBytes), Has.All.GreaterThan(0), "every sample read the live server's VmRSS");
        Assert.That(report.RssGrowthPercent, Is.Not.Null);
    }

    [Test]
    public async Task Soak_NewConversationEveryTenTurns_EveryTurnAnsweredInItsOwnConversation()
    {
        var options = new SoakOptions
        {
            ServerPath = ServerLocator.ServerPath(),
            Turns = LongTests.Enabled ? 1000 : 100,
            SampleEvery = LongTests.Enabled ? 100 : 25,
            TurnsPerConversation = 10,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(LongTests.Enabled ? 15 : 3));

        var report = await SoakScenario.RunAsync(options, null, timeout.Token);

        report.WriteTo(TestContext.Out);
        Assert.That(report.Problems, Is.Empty);
        Assert.That(report.TurnsCompleted, Is.EqualTo(options.Turns));
        Assert.That(report.Conversations, Is.EqualTo(options.Turns / 10));
    }
}
