using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.Engine.Tests.Config;

/// <summary><c>forced_login_method</c> and <c>forced_chatgpt_workspace_id</c> as the loader reads them.</summary>
public sealed class ConfigLoaderLoginRestrictionTests
{
    [Test]
    public void Load_BothKeysInConfigToml_ReadIntoLoginRestrictions()
    {
        using var home = new TempCodexHome().Write("""
            forced_login_method = "chatgpt"
            forced_chatgpt_workspace_id = "  ws-123  "
            """);

        var restrictions = home.Load().LoginRestrictions;

        Assert.That((restrictions.Method, restrictions.WorkspaceIds), Is.EqualTo((ForcedLoginMethod.ChatGpt, new[] { "ws-123" })));
        Assert.That(home.Loader().LoadLoginRestrictions(), Is.EqualTo(restrictions).Using<LoginRestrictions>((a, b) => a.Method == b.Method && a.WorkspaceIds!.SequenceEqual(b.WorkspaceIds!)));
    }

    [Test]
    public void Load_NeitherKey_NoRestrictions()
    {
        using var home = new TempCodexHome().Write("model = \"o4-mini\"\nforced_chatgpt_workspace_id = \"  \"\n");

        Assert.That(home.Load().LoginRestrictions.IsNone, Is.True, "a blank workspace id counts as unset, as upstream");
    }

    [Test]
    public void LoadLoginRestrictions_ServerOverrides_WinOverConfigToml()
    {
        using var home = new TempCodexHome().Write("forced_login_method = \"chatgpt\"\n");

        var restrictions = home.Loader(["forced_login_method=\"api\"", "forced_chatgpt_workspace_id=[\"ws-1\", \"ws-2\"]"]).LoadLoginRestrictions();

        Assert.That((restrictions.Method, restrictions.WorkspaceIds), Is.EqualTo((ForcedLoginMethod.Api, new[] { "ws-1", "ws-2" })));
    }

    [Test]
    public void Load_BadForcedLoginMethod_ErrorNamesKeyFileAndValues()
    {
        using var home = new TempCodexHome().Write("forced_login_method = \"x\"\n");

        Assert.That(() => home.Load(), Throws.TypeOf<ConfigException>().With.Message.EqualTo(
            $"{home.ConfigPath}: `forced_login_method` has unknown value \"x\"; expected one of \"chatgpt\", \"api\"."));
        Assert.That(() => home.Loader().LoadLoginRestrictions(), Throws.TypeOf<ConfigException>().With.Message.Contains("`forced_login_method`"));
    }

    [Test]
    public void LoadLoginRestrictions_BadValueInOverride_ErrorNamesTheOverride()
    {
        using var home = new TempCodexHome();

        Assert.That(() => home.Loader(["forced_login_method=\"API\""]).LoadLoginRestrictions(),
            Throws.TypeOf<ConfigException>().With.Message.Contains("-c").And.Message.Contains("`forced_login_method` has unknown value \"API\""));
    }

    [TestCase("forced_chatgpt_workspace_id = \"ws-1,ws-2\"", "not a comma-separated string")]
    [TestCase("forced_chatgpt_workspace_id = 42", "must be a workspace id (a string) or a list of them, not an integer")]
    [TestCase("forced_chatgpt_workspace_id = [\"ws-1\", 2]", "`forced_chatgpt_workspace_id[1]` must be a string")]
    public void Load_BadWorkspaceId_ErrorNamesTheKey(string toml, string expected)
    {
        using var home = new TempCodexHome().Write(toml + "\n");

        Assert.That(() => home.Load(), Throws.TypeOf<ConfigException>().With.Message.Contains(expected).And.Message.Contains(home.ConfigPath));
    }

    [TestCase("""{"forced_login_method": "api"}""", "forced_login_method")]
    [TestCase("""{"forced_chatgpt_workspace_id": "ws-9"}""", "forced_chatgpt_workspace_id")]
    public void Load_ConfigArgumentSetsPolicy_RefusedWithoutChangingIt(string argument, string key)
    {
        using var home = new TempCodexHome().Write("forced_login_method = \"chatgpt\"\n");

        Assert.That(() => home.Load(r => r with { Overrides = TempCodexHome.ConfigArgument(argument) }),
            Throws.TypeOf<ConfigException>().With.Message.Contains($"may not set `{key}`"));
        Assert.That(home.Load().LoginRestrictions.Method, Is.EqualTo(ForcedLoginMethod.ChatGpt));
    }
}
