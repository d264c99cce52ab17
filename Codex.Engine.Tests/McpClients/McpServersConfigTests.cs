using Codex.Engine.Config;
using Codex.Engine.McpClients;
using Codex.Engine.Tests.Config;

namespace Codex.Engine.Tests.McpClients;

public sealed class McpServersConfigTests
{
    [Test]
    public void Load_StdioAndHttpEntries_ReadWithUpstreamKeysAndDefaults()
    {
        using var home = new TempCodexHome().Write("""
            [mcp_servers.docs]
            command = "docs-server"
            args = ["--stdio"]
            env = { LEVEL = "debug" }
            env_vars = ["HOME_TOKEN"]
            cwd = "/tmp"
            enabled_tools = ["search"]
            disabled_tools = ["delete"]
            startup_timeout_sec = 2.5
            tool_timeout_sec = 30

            [mcp_servers.web]
            url = "https://example.test/mcp"
            bearer_token_env_var = "WEB_TOKEN"
            http_headers = { "X-Team" = "core" }
            env_http_headers = { "X-Key" = "WEB_KEY" }
            enabled = false
            """);

        var servers = home.Load().McpServers;

        var docs = servers["docs"];
        var stdio = (McpStdioTransport)docs.Transport;
        Assert.That((stdio.Command, stdio.Args.Single(), stdio.Env["LEVEL"], stdio.EnvVars.Single(), stdio.Cwd), Is.EqualTo(("docs-server", "--stdio", "debug", "HOME_TOKEN", "/tmp")));
        Assert.That((docs.StartupTimeout, docs.ToolTimeout, docs.Enabled), Is.EqualTo((TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(30), true)));
        Assert.That((docs.IsToolEnabled("search"), docs.IsToolEnabled("delete"), docs.IsToolEnabled("other")), Is.EqualTo((true, false, false)));

        var web = servers["web"];
        var http = (McpHttpTransport)web.Transport;
        Assert.That((http.Url.AbsoluteUri, http.BearerTokenEnvVar, http.HttpHeaders["X-Team"], http.EnvHttpHeaders["X-Key"]), Is.EqualTo(("https://example.test/mcp", "WEB_TOKEN", "core", "WEB_KEY")));
        Assert.That((web.Enabled, web.StartupTimeout, web.ToolTimeout), Is.EqualTo((false, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60))));
    }

    [TestCase("startup_timeout_sec = -1", "5:1", "mcp_servers.docs.startup_timeout_sec", "must be a positive number of seconds")]
    [TestCase("args = \"--stdio\"", "5:1", "mcp_servers.docs.args", "must be an array of strings")]
    [TestCase("url = \"http://x\"", "5:1", "mcp_servers.docs", "sets both `command` (stdio) and `url`")]
    [TestCase("bearer_token_env_var = \"T\"", "5:1", "mcp_servers.docs.bearer_token_env_var", "is not supported for a stdio server")]
    public void Load_BadEntry_ErrorNamesFileLineColumnAndKey(string badLine, string position, string key, string reason)
    {
        using var home = new TempCodexHome().Write($"model = \"o3\"\n\n[mcp_servers.docs]\ncommand = \"docs-server\"\n{badLine}\n");

        var error = Assert.Throws<ConfigException>(() => home.Load())!;

        Assert.That(error.Message, Does.StartWith($"{home.ConfigPath}:{position}: `{key}").And.Contain(reason));
    }

    [Test]
    public void Load_NeitherCommandNorUrl_ErrorAtTheTable()
    {
        using var home = new TempCodexHome().Write("\n[mcp_servers.empty]\nenabled = true\n");

        var error = Assert.Throws<ConfigException>(() => home.Load())!;

        Assert.That(error.Message, Is.EqualTo($"{home.ConfigPath}:2:1: `mcp_servers.empty` needs `command` (a stdio server) or `url` (a Streamable HTTP server)."));
    }

    [Test]
    public void Load_OverridesFromDashCAndConfigArgument_FollowTheUsualPrecedence()
    {
        using var home = new TempCodexHome().Write("""
            [mcp_servers.docs]
            command = "from-file"
            tool_timeout_sec = 10
            """);

        var config = home.Load(
            request => request with { Overrides = TempCodexHome.ConfigArgument("""{"mcp_servers.docs.tool_timeout_sec": 99, "mcp_servers.extra.url": "http://127.0.0.1:1/mcp"}""") },
            overrides: ["mcp_servers.docs.command=\"from-dash-c\"", "mcp_servers.docs.tool_timeout_sec=20"]);

        var docs = config.McpServers["docs"];
        Assert.That(((McpStdioTransport)docs.Transport).Command, Is.EqualTo("from-dash-c"));
        Assert.That(docs.ToolTimeout, Is.EqualTo(TimeSpan.FromSeconds(99)), "the tool's config argument beats -c, which beats the file");
        Assert.That(((McpHttpTransport)config.McpServers["extra"].Transport).Url.Port, Is.EqualTo(1));
    }

    [Test]
    public void Load_BadValueFromConfigArgument_ErrorNamesTheArgument()
    {
        using var home = new TempCodexHome();

        var error = Assert.Throws<ConfigException>(() => home.Load(request => request with { Overrides = TempCodexHome.ConfigArgument("""{"mcp_servers.x.command": 5}""") }))!;

        Assert.That(error.Message, Is.EqualTo("the `config` argument: `mcp_servers.x.command` must be a string, not the integer 5."));
    }
}
