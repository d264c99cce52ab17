using Codex.Engine.Config;

namespace Codex.Engine.Tests.Config;

/// <summary>
/// <see cref="ConfigLoader.ReadValues"/>: settings the engine does not use (e.g. the MCP server's
/// <c>[mcp_server]</c> table) from config.toml and the server's <c>-c</c>, with errors that name
/// the key and where it was set.
/// </summary>
public sealed class ConfigValuesTests
{
    private const string Key = "mcp_server.progress_heartbeat_seconds";

    [Test]
    public void Seconds_Unset_Null()
    {
        using var home = new TempCodexHome();

        Assert.That(home.Loader().ReadValues().Seconds(Key, 1, 86_400), Is.Null);
    }

    [TestCase("[mcp_server]\nprogress_heartbeat_seconds = 20", 20.0)]
    [TestCase("[mcp_server]\nprogress_heartbeat_seconds = 2.5", 2.5)]
    [TestCase("mcp_server = { progress_heartbeat_seconds = 1 }", 1.0)]
    public void Seconds_InConfigToml_ThatManySeconds(string toml, double expected)
    {
        using var home = new TempCodexHome();
        home.Write(toml);

        Assert.That(home.Loader().ReadValues().Seconds(Key, 1, 86_400), Is.EqualTo(TimeSpan.FromSeconds(expected)));
    }

    [Test]
    public void Seconds_ServerOverride_WinsOverConfigToml()
    {
        using var home = new TempCodexHome();
        home.Write("[mcp_server]\nprogress_heartbeat_seconds = 30");

        var values = home.Loader([$"{Key}=5"]).ReadValues();

        Assert.That(values.Seconds(Key, 1, 86_400), Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [TestCase("0", "the integer 0")]
    [TestCase("0.5", "0.5")]
    [TestCase("90000", "the integer 90000")]
    [TestCase("\"fast\"", "the string \"fast\"")]
    [TestCase("true", "true")]
    public void Seconds_OutOfRangeOrNotANumber_ErrorNamesKeySourceAndValue(string value, string described)
    {
        using var home = new TempCodexHome();
        home.Write($"[mcp_server]\nprogress_heartbeat_seconds = {value}");

        var error = Assert.Throws<ConfigException>(() => home.Loader().ReadValues().Seconds(Key, 1, 86_400));

        Assert.That(error!.Message, Does.Contain(home.ConfigPath).And.Contain($"`{Key}`").And.Contain("from 1 to 86400").And.Contain(described));
    }

    [Test]
    public void Seconds_BadServerOverride_ErrorNamesTheOverrides()
    {
        using var home = new TempCodexHome();

        var error = Assert.Throws<ConfigException>(() => home.Loader([$"{Key}=-3"]).ReadValues().Seconds(Key, 1, 86_400));

        Assert.That(error!.Message, Does.Contain("-c overrides"));
    }
}
