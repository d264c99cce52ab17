using System.Diagnostics;
using System.Text.Json;

namespace Codex.McpServer.Tests.McpServers;

/// <summary>
/// <c>codex-mcp-server mcp add|list|get|remove</c> run as a process against a temporary CODEX_HOME:
/// what each prints, what it leaves in config.toml, and that the user's comments and layout survive.
/// </summary>
public sealed class McpCommandTests
{
    private const string CommentedConfig = """
        # My Codex settings (hand-written).
        model = "o3"   # the model I like

        # Servers I use every day:
        [mcp_servers.docs]
        command = "docs-server"   # keep this one
        args = ["--port", "0"]

        [profiles.fast]
        model = 'o4-mini'   # literal string, kept as written
        """;

    private string _home = null!;

    private string ConfigPath => Path.Combine(_home, "config.toml");

    [SetUp]
    public void CreateHome() => _home = Directory.CreateTempSubdirectory("codex-mcp-cli-").FullName;

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    [Test]
    public async Task Add_StdioAndUrl_AppendsEntriesAndKeepsCommentsAndFormatting()
    {
        File.WriteAllText(ConfigPath, CommentedConfig);

        var stdio = await RunAsync("mcp", "add", "files", "--env", "ROOT=/srv/data", "--env", "MODE=ro", "--", "npx", "-y", "files-server", "--flag");
        var http = await RunAsync("mcp", "add", "web", "--url", "http://127.0.0.1:8123/mcp", "--bearer-token-env-var", "WEB_TOKEN");

        Assert.That((stdio.ExitCode, stdio.Stdout), Is.EqualTo((0, "Added global MCP server 'files'.\n")));
        Assert.That((http.ExitCode, http.Stdout), Is.EqualTo((0, "Added global MCP server 'web'.\n")));
        Assert.That(File.ReadAllText(ConfigPath), Is.EqualTo(CommentedConfig + """


            [mcp_servers.files]
            command = "npx"
            args = ["-y", "files-server", "--flag"]
            env = { MODE = "ro", ROOT = "/srv/data" }

            [mcp_servers.web]
            url = "http://127.0.0.1:8123/mcp"
            bearer_token_env_var = "WEB_TOKEN"

            """));
        Assert.That(Directory.GetFiles(_home), Has.Length.EqualTo(1), "the atomic write left no temporary file");
    }

    [Test]
    public async Task Remove_Existing_TakesOnlyItsTableAndKeepsEverythingElse()
    {
        File.WriteAllText(ConfigPath, CommentedConfig);

        var removed = await RunAsync("mcp", "remove", "docs");
        var again = await RunAsync("mcp", "remove", "docs");

        Assert.That(removed.Stdout, Is.EqualTo("Removed global MCP server 'docs'.\n"));
        Assert.That(again.Stdout, Is.EqualTo("No MCP server named 'docs' found.\n"));
        // A comment line above the removed table is the user's text too: it stays.
        Assert.That(File.ReadAllText(ConfigPath), Is.EqualTo("""
            # My Codex settings (hand-written).
            model = "o3"   # the model I like

            # Servers I use every day:
            [profiles.fast]
            model = 'o4-mini'   # literal string, kept as written
            """));
    }

    [Test]
    public async Task Add_ExistingName_ReplacesItsEntry()
    {
        File.WriteAllText(ConfigPath, CommentedConfig);

        await RunAsync("mcp", "add", "docs", "--", "docs-server-2");

        var text = File.ReadAllText(ConfigPath);
        Assert.That(text, Does.Not.Contain("command = \"docs-server\""));
        Assert.That(text, Does.EndWith("[mcp_servers.docs]\ncommand = \"docs-server-2\"\n"));
        Assert.That(text, Does.StartWith("# My Codex settings (hand-written).\nmodel = \"o3\"   # the model I like\n"));
    }

    [Test]
    public async Task Add_BadInput_ErrorOnStderrAndFileUnchanged()
    {
        File.WriteAllText(ConfigPath, CommentedConfig);

        var badName = await RunAsync("mcp", "add", "bad name", "--", "x");
        var noCommand = await RunAsync("mcp", "add", "empty");
        var badUrl = await RunAsync("mcp", "add", "web", "--url", "ftp://host/x");
        var badEnv = await RunAsync("mcp", "add", "x", "--env", "NOVALUE", "--", "x");

        Assert.That(badName.ExitCode, Is.EqualTo(1));
        Assert.That(badName.Stderr, Does.Contain("invalid server name 'bad name'"));
        Assert.That(noCommand.Stderr, Does.Contain("give the server's command after `--`"));
        Assert.That(badUrl.Stderr, Does.Contain("--url must be an http:// or https:// URL"));
        Assert.That(badEnv.Stderr, Does.Contain("--env takes KEY=VALUE"));
        Assert.That(new[] { noCommand.ExitCode, badUrl.ExitCode, badEnv.ExitCode }, Is.All.EqualTo(1));
        Assert.That(File.ReadAllText(ConfigPath), Is.EqualTo(CommentedConfig));
    }

    [Test]
    public async Task ListAndGet_TextAndJson_DescribeTheEntriesWithoutSecretValues()
    {
        File.WriteAllText(ConfigPath, CommentedConfig + """


            [mcp_servers.web]
            url = "http://127.0.0.1:8123/mcp"
            http_headers = { X-Api-Key = "secret-value-123" }
            enabled = false
            tool_timeout_sec = 5
            """);

        var list = await RunAsync("mcp", "list");
        var json = await RunAsync("mcp", "list", "--json");
        var get = await RunAsync("mcp", "get", "docs");
        var getJson = await RunAsync("mcp", "get", "web", "--json");
        var missing = await RunAsync("mcp", "get", "nope");

        Assert.That(list.Stdout.Split('\n')[0], Does.StartWith("Name").And.Contain("Status"));
        Assert.That(list.Stdout, Does.Match("docs +stdio +docs-server +--port 0 +enabled"));
        Assert.That(list.Stdout, Does.Match("web +streamable_http +http://127.0.0.1:8123/mcp +- +disabled"));
        using (var parsed = JsonDocument.Parse(json.Stdout))
        {
            var entries = parsed.RootElement.EnumerateArray().ToList();
            Assert.That(entries.Select(e => e.GetProperty("name").GetString()), Is.EqualTo(new[] { "docs", "web" }));
            Assert.That(entries[0].GetProperty("transport").GetProperty("args")[1].GetString(), Is.EqualTo("0"));
            Assert.That(entries[1].GetProperty("enabled").GetBoolean(), Is.False);
            Assert.That(entries[1].GetProperty("tool_timeout_sec").GetDouble(), Is.EqualTo(5));
        }

        Assert.That(get.Stdout, Does.StartWith("docs\n  enabled: true\n  transport: stdio\n  command: docs-server\n  args: --port 0\n"));
        using (var parsed = JsonDocument.Parse(getJson.Stdout))
        {
            Assert.That(parsed.RootElement.GetProperty("transport").GetProperty("http_headers")[0].GetString(), Is.EqualTo("X-Api-Key"));
        }

        Assert.That(json.Stdout + getJson.Stdout + list.Stdout, Does.Not.Contain("secret-value-123"));
        Assert.That((missing.ExitCode, missing.Stderr), Is.EqualTo((1, "Error: No MCP server named 'nope' found.\n")));
    }

    [Test]
    public async Task ListAndGet_ConfigOverrides_ShowTheServersAServerWithThoseOverridesWouldUse()
    {
        File.WriteAllText(ConfigPath, CommentedConfig);

        var before = await RunAsync("-c", "mcp_servers.docs.enabled=false", "mcp", "list", "--json");
        var after = await RunAsync("mcp", "get", "extra", "-c", "mcp_servers.extra.command=\"extra-server\"", "--json");
        var bad = await RunAsync("-c", "mcp_servers.docs.startup_timeout_sec=\"soon\"", "mcp", "list");
        var plain = await RunAsync("mcp", "get", "extra");

        Assert.That(before.ExitCode, Is.EqualTo(0), before.Stderr);
        using (var parsed = JsonDocument.Parse(before.Stdout))
        {
            Assert.That(parsed.RootElement[0].GetProperty("enabled").GetBoolean(), Is.False, "the root -c applies to mcp list");
        }

        Assert.That(after.ExitCode, Is.EqualTo(0), after.Stderr);
        using (var parsed = JsonDocument.Parse(after.Stdout))
        {
            Assert.That(parsed.RootElement.GetProperty("transport").GetProperty("command").GetString(), Is.EqualTo("extra-server"), "-c after the subcommand too");
        }

        Assert.That(bad.ExitCode, Is.EqualTo(1));
        Assert.That(bad.Stderr, Does.Contain("mcp_servers.docs.startup_timeout_sec"));
        Assert.That(plain.ExitCode, Is.EqualTo(1), "without the override there is no such server");
        Assert.That(File.ReadAllText(ConfigPath), Is.EqualTo(CommentedConfig), "overrides never reach the file");
    }

    [Test]
    public async Task ListCheck_StartsEachServer_ReportsToolCountOrFailure()
    {
        File.WriteAllText(ConfigPath, TestMcpServer.StdioEntry("good", Path.Combine(_home, "markers")) + """
            [mcp_servers.broken]
            command = "/nonexistent/server"
            """);

        var text = await RunAsync("mcp", "list", "--check");
        var json = await RunAsync("mcp", "list", "--check", "--json");

        Assert.That(text.ExitCode, Is.EqualTo(0), text.Stderr);
        Assert.That(text.Stdout, Does.Match("good +stdio +dotnet .* ok \\(6 tools\\)"));
        Assert.That(text.Stdout, Does.Match("broken +stdio +/nonexistent/server +- +failed: "));
        using var parsed = JsonDocument.Parse(json.Stdout);
        var good = parsed.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "good");
        Assert.That(good.GetProperty("check").GetProperty("tools").GetInt32(), Is.EqualTo(6));
    }

    [Test]
    public async Task List_BadEntry_ConfigErrorWithFileLineColumnAndKey()
    {
        File.WriteAllText(ConfigPath, "model = \"o3\"\n\n[mcp_servers.docs]\ncommand = \"x\"\nstartup_timeout_sec = \"soon\"\n");

        var list = await RunAsync("mcp", "list");

        Assert.That(list.ExitCode, Is.EqualTo(1));
        Assert.That(list.Stderr, Is.EqualTo($"Error: {ConfigPath}:5:1: `mcp_servers.docs.startup_timeout_sec` must be a positive number of seconds, not the string \"soon\".\n"));
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var startInfo = new ProcessStartInfo(ServerLocator.ServerPath()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["CODEX_HOME"] = _home;
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
