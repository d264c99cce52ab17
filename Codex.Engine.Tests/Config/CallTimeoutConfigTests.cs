using Codex.Engine.Config;

namespace Codex.Engine.Tests.Config;

/// <summary><c>mcp_server.call_timeout_seconds</c>: no limit by default, config.toml, the server's <c>-c</c>, and bad values.</summary>
public sealed class CallTimeoutConfigTests
{
    [Test]
    public void LoadCallTimeout_NothingConfigured_NoLimit()
    {
        using var home = new TempCodexHome();

        Assert.That(home.Loader().LoadCallTimeout(), Is.Null);
    }

    [Test]
    public void LoadCallTimeout_ConfigFileThenServerOverride_OverrideWins()
    {
        using var home = new TempCodexHome();
        home.Write("[mcp_server]\ncall_timeout_seconds = 120\n");

        Assert.That(home.Loader().LoadCallTimeout(), Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(home.Loader(["mcp_server.call_timeout_seconds=50"]).LoadCallTimeout(), Is.EqualTo(TimeSpan.FromSeconds(50)));
    }

    [TestCase("[mcp_server]\ncall_timeout_seconds = 0\n", "must be a positive number of seconds, not 0")]
    [TestCase("[mcp_server]\ncall_timeout_seconds = -5\n", "must be a positive number of seconds, not -5")]
    [TestCase("[mcp_server]\ncall_timeout_seconds = \"50\"\n", "call_timeout_seconds")]
    public void LoadCallTimeout_BadValue_ConfigExceptionNamesTheKey(string toml, string expected)
    {
        using var home = new TempCodexHome();
        home.Write(toml);

        Assert.That(() => home.Loader().LoadCallTimeout(), Throws.TypeOf<ConfigException>().With.Message.Contains(expected));
    }
}
