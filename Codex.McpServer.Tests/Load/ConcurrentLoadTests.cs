using Codex.Benchmarks;

namespace Codex.McpServer.Tests.Load;

/// <summary>
/// Many conversations at once on one server (<see cref="LoadScenario"/>): all complete, no event
/// or answer crosses to another call. Prints wall time, turns/s and the server's peak RSS; the
/// figures are reported, never asserted.
/// </summary>
[NonParallelizable]
public sealed class ConcurrentLoadTests
{
    [Test]
    public async Task Load_ThirtyTwoConcurrentConversations_AllCompleteWithoutCrossedEvents()
    {
        var options = new LoadOptions
        {
            ServerPath = ServerLocator.ServerPath(),
            Conversations = 32,
            TurnsPerConversation = LongTests.Enabled ? 10 : 1,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(LongTests.Enabled ? 10 : 2));

        var report = await LoadScenario.RunAsync(options, timeout.Token);

        report.WriteTo(TestContext.Out);
        Assert.That(report.Problems, Is.Empty);
        Assert.That(report.TurnsCompleted, Is.EqualTo(options.Conversations * options.TurnsPerConversation));
        Assert.That(report.DistinctConversations, Is.EqualTo(options.Conversations), "every codex call started its own conversation");
        Assert.That(report.Events, Is.GreaterThanOrEqualTo(report.TurnsCompleted * options.Deltas), "each turn streamed at least its deltas");
    }
}
