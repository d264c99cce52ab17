using Codex.Engine.McpClients;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codex.Engine.Tests.McpClients;

/// <summary>The shared client manager against the real test MCP server (Codex.TestMcpServer) started as a child process.</summary>
public sealed class McpClientManagerTests
{
    private string _markers = null!;

    [SetUp]
    public void CreateMarkers() => _markers = Directory.CreateTempSubdirectory("mcp-manager-").FullName;

    [TearDown]
    public void RemoveMarkers() => Directory.Delete(_markers, recursive: true);

    [Test]
    public async Task GetAsync_SameConfigTwice_OneClientAndOneProcess()
    {
        await using var manager = new McpClientManager(null, NullLoggerFactory.Instance);
        var config = Config("test");

        var first = await manager.GetAsync(config);
        var second = await manager.GetAsync(config with { });

        Assert.That(second, Is.SameAs(first));
        Assert.That(first.Tools.Select(t => t.Name), Is.SupersetOf(new[] { "echo", "write_note", "slow" }));
        Assert.That(first.HasResources, Is.True);
        Assert.That(Directory.GetFiles(_markers, "pid-*"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task GetAsync_ServerExitsAtStart_StartExceptionAndALaterCallTriesAgain()
    {
        await using var manager = new McpClientManager(null, NullLoggerFactory.Instance);
        var config = Config("crash", "--exit-at-start");

        await Assert.ThrowsAsync<McpServerStartException>(() => manager.GetAsync(config));
        var again = manager.GetAsync(config);

        await Assert.ThrowsAsync<McpServerStartException>(() => again);
    }

    [Test]
    public async Task GetAsync_ServerNeverAnswers_FailsAtItsStartupTimeout()
    {
        await using var manager = new McpClientManager(null, NullLoggerFactory.Instance);
        var config = Config("hang", "--hang-at-start") with { StartupTimeout = TimeSpan.FromSeconds(3) };

        var error = (await Assert.ThrowsAsync<McpServerStartException>(() => manager.GetAsync(config)))!;

        Assert.That(error.Message, Is.EqualTo("it did not start within 3 s (startup_timeout_sec)"));
    }

    [Test]
    public async Task DisposeAsync_RunningServers_ChildProcessesEnd()
    {
        var manager = new McpClientManager(null, NullLoggerFactory.Instance);
        await manager.GetAsync(Config("a"));
        await manager.GetAsync(Config("b"));
        var pids = Directory.GetFiles(_markers, "pid-*").Select(f => int.Parse(Path.GetFileName(f)[4..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(pids, Has.Count.EqualTo(2));

        await manager.DisposeAsync();

        Assert.That(pids.Where(pid => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal)), Is.Empty);
    }

    private McpServerConfig Config(string name, params string[] extraArgs) => new()
    {
        Name = name,
        Transport = new McpStdioTransport
        {
            Command = "dotnet",
            Args = [Path.Combine(AppContext.BaseDirectory, "codex-test-mcp-server.dll"), .. extraArgs],
            Env = new Dictionary<string, string> { ["TEST_MCP_MARKERS"] = _markers },
        },
        StartupTimeout = TimeSpan.FromSeconds(60),
    };
}
