namespace Codex.Protocol.Tests.Conformance;

/// <summary><c>--help</c> and <c>--version</c> print to stdout and exit 0 without reading stdin.</summary>
[TestFixture]
public sealed class CommandLineTests
{
    [Test]
    public async Task Help_PrintsUsageToStdoutAndExitsZero()
    {
        await using var server = StdioServerProcess.Start(ServerLocator.ServerPath(), ["--help"], expectProtocol: false);

        // Stdin stays open: the command must not wait for it.
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(server.StandardOutputText, Does.Contain("codex-mcp-server").And.Contain("--help").And.Contain("--version").And.Contain("-c"));
        }
    }

    [Test]
    public async Task Version_PrintsTheVersionToStdoutAndExitsZero()
    {
        await using var server = StdioServerProcess.Start(ServerLocator.ServerPath(), ["--version"], expectProtocol: false);

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(server.StandardOutputText.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
            Assert.That(server.StandardOutputLines, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Version_MatchesTheVersionInInitialize()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var cli = StdioServerProcess.Start(ServerLocator.ServerPath(), ["--version"], expectProtocol: false);
        await cli.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await using var harness = ConformanceHarness.Start();

        var initialize = await harness.InitializeAsync(cancellationToken: cts.Token);

        var version = initialize.GetProperty("result").GetProperty("serverInfo").GetProperty("version").GetString();
        Assert.That(cli.StandardOutputText.Trim().Split('+')[0], Is.EqualTo(version));
        await harness.FinishAsync();
    }

    [Test]
    public async Task UnknownOption_FailsWithoutHanging()
    {
        await using var server = StdioServerProcess.Start(ServerLocator.ServerPath(), ["--no-such-option"], expectProtocol: false);

        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(server.StandardErrorText + server.StandardOutputText, Does.Contain("--no-such-option"));
        }
    }
}
