using Codex.Engine.Config;
using Codex.Protocol;

namespace Codex.Engine.Tests.Config;

/// <summary>Issue 13's settings: view_image / web_search flags, notify, and the reasoning arguments' precedence.</summary>
public sealed class AgentToolConfigTests
{
    [Test]
    public void Load_NothingConfigured_ViewImageOnWebSearchOffNoNotify()
    {
        using var home = new TempCodexHome();

        var config = home.Load();

        Assert.That((config.ViewImageTool, config.WebSearch, config.Notify), Is.EqualTo((true, false, (IReadOnlyList<string>?)null)));
    }

    [TestCase("[tools]\nweb_search = true", true)]
    [TestCase("[tools]\nweb_search_request = true", true)]
    [TestCase("[features]\nweb_search_request = true", true)]
    [TestCase("[tools]\nweb_search = true\n[features]\nweb_search_request = false", false)]
    public void Load_WebSearch_FeaturesWinOverTheLegacyToolsTable(string toml, bool expected)
    {
        using var home = new TempCodexHome();
        home.Write(toml);

        Assert.That(home.Load().WebSearch, Is.EqualTo(expected));
    }

    [TestCase("[tools]\nview_image = false", false)]
    [TestCase("[features]\nview_image_tool = false", false)]
    [TestCase("[tools]\nview_image = false\n[features]\nview_image_tool = true", true)]
    public void Load_ViewImage_FeaturesWinOverTheLegacyToolsTable(string toml, bool expected)
    {
        using var home = new TempCodexHome();
        home.Write(toml);

        Assert.That(home.Load().ViewImageTool, Is.EqualTo(expected));
    }

    [Test]
    public void Load_Notify_ArgvReadAndANonStringIsAnError()
    {
        using var home = new TempCodexHome();
        home.Write("notify = [\"notify-send\", \"Codex\"]");
        var config = home.Load();
        home.Write("notify = [\"notify-send\", 3]");

        Assert.That(config.Notify, Is.EqualTo(new[] { "notify-send", "Codex" }));
        Assert.That(() => home.Load(), Throws.TypeOf<ConfigException>().With.Message.Contains("notify[1]"));
    }

    [Test]
    public void Load_ReasoningArguments_WinOverConfigAndUpstreamsNewValuesAreAccepted()
    {
        using var home = new TempCodexHome();
        home.Write("model_reasoning_effort = \"xhigh\"\nmodel_reasoning_summary = \"none\"");
        var fromToml = home.Load();

        var fromArguments = home.Load(r => r with { ReasoningEffort = ReasoningEffort.Minimal, ReasoningSummary = ReasoningSummary.Detailed });

        Assert.That((fromToml.ReasoningEffort, fromToml.ReasoningSummary), Is.EqualTo(("xhigh", "none")));
        Assert.That((fromArguments.ReasoningEffort, fromArguments.ReasoningSummary), Is.EqualTo(("minimal", "detailed")));
    }
}
