using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.SignIn;

/// <summary>
/// <c>codex</c> calls through the real server binary under <c>forced_login_method</c> and
/// <c>forced_chatgpt_workspace_id</c>: refused credentials are an isError result that says what to do, auth.json is
/// removed as upstream's logout does, the model is never called, the server keeps serving, and no token or key is
/// printed anywhere; allowed credentials run the turn.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LoginRestrictionTurnTests
{
    private const string Key = "sk-proj-CANARY-turn-0123456789abcdef";

    [Test]
    public async Task CodexCall_ForcedApiWithChatGptTokens_IsErrorLogsOutAndServerKeepsServing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await CreateAsync("forced_login_method = \"api\"", timeout.Token);
        home.WriteUpstreamAuthJson(TimeSpan.FromHours(1));
        await using var raw = RawServerProcess.Start(home.Session, home.Environment());
        await raw.InitializeAsync(timeout.Token);

        var text = await CallRefusedAsync(raw, home, 1, timeout.Token);

        Assert.That(text, Does.Contain("API key login is required, but ChatGPT is currently being used. Logging out."));
        Assert.That(text, Does.Contain("login --with-api-key"));
        Assert.That(File.Exists(home.AuthPath), Is.False);

        // Logged out: the next call is the ordinary "no credentials" error, still an answer, not a crash.
        var again = await CallRefusedAsync(raw, home, 2, timeout.Token);
        Assert.That(again, Does.Contain("codex-mcp-server login"));
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(home.Session.Model.Requests, Is.Empty);
        AssertNoSecretIn(home, raw);
    }

    [Test]
    public async Task CodexCall_ForcedChatGptWithKeyInEnvironment_IsErrorThatSaysToUnsetIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await CreateAsync("forced_login_method = \"chatgpt\"", timeout.Token);
        var environment = home.Environment();
        environment["OPENAI_API_KEY"] = Key;
        await using var raw = RawServerProcess.Start(home.Session, environment);
        await raw.InitializeAsync(timeout.Token);

        var text = await CallRefusedAsync(raw, home, 1, timeout.Token);
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(10)), Is.True);

        Assert.That(text, Does.Contain("ChatGPT login is required, but an API key is currently being used. Logging out."));
        Assert.That(text, Does.Contain("unset OPENAI_API_KEY"));
        Assert.That(home.Session.Model.Requests, Is.Empty);
        AssertNoSecretIn(home, raw);
    }

    [Test]
    public async Task CodexCall_WorkspaceMismatch_IsErrorNamingBothLogsOutAndNoTokenLeaks()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await CreateAsync("forced_chatgpt_workspace_id = \"ws-allowed\"", timeout.Token);
        home.WriteUpstreamAuthJson(TimeSpan.FromHours(1));
        await using var raw = RawServerProcess.Start(home.Session, home.Environment());
        await raw.InitializeAsync(timeout.Token);

        var text = await CallRefusedAsync(raw, home, 1, timeout.Token);
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(10)), Is.True);

        Assert.That(text, Does.Contain("Login is restricted to workspace(s) ws-allowed, but current credentials belong to acct-1234. Logging out."));
        Assert.That(text, Does.Contain("`codex-mcp-server login`"));
        Assert.That(File.Exists(home.AuthPath), Is.False);
        Assert.That(home.Session.Model.Requests, Is.Empty);
        Assert.That(home.Issuer.RefreshRequests, Is.Zero);
        AssertNoSecretIn(home, raw);
    }

    [Test]
    public async Task CodexCall_ForcedChatGptAndWorkspaceMatch_TurnRuns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await CreateAsync("forced_login_method = \"chatgpt\"\nforced_chatgpt_workspace_id = [\"ws-0\", \"acct-1234\"]", timeout.Token, "allowed");
        var tokens = home.WriteUpstreamAuthJson(TimeSpan.FromHours(1));
        await home.Session.StartServerAsync(environment: home.Environment(), cancellationToken: timeout.Token);

        var result = await home.Session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That((result.IsError, result.Text), Is.EqualTo((false, "allowed")));
        Assert.That(home.Session.Model.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer " + tokens.AccessToken));
        Assert.That(File.Exists(home.AuthPath), Is.True);
    }

    [Test]
    public async Task CodexCall_ConfigArgumentTriesToLiftThePolicy_IsErrorAndAuthJsonKept()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await CreateAsync("forced_login_method = \"api\"", timeout.Token);
        home.WriteUpstreamAuthJson(TimeSpan.FromHours(1));
        await using var raw = RawServerProcess.Start(home.Session, home.Environment());
        await raw.InitializeAsync(timeout.Token);

        var arguments = Arguments(home);
        arguments["config"] = new JsonObject { ["forced_login_method"] = "chatgpt" };
        await raw.CallToolAsync(1, "codex", arguments, timeout.Token);
        var answer = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "1"), timeout.Token);
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(10)), Is.True);

        var result = answer.GetProperty("result");
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Does.Contain("may not set `forced_login_method`"));
        Assert.That(File.Exists(home.AuthPath), Is.True, "a refused argument changes nothing");
        Assert.That(home.Session.Model.Requests, Is.Empty);
    }

    private static async Task<ChatGptHome> CreateAsync(string policy, CancellationToken cancellationToken, string reply = "never")
    {
        var home = await ChatGptHome.CreateAsync(ModelScript.Sequence(ScriptedReply.Text(reply)), cancellationToken);
        File.AppendAllText(Path.Combine(home.Session.CodexHome, "config.toml"), "\n" + policy + "\n");
        return home;
    }

    private static async Task<string> CallRefusedAsync(RawServerProcess raw, ChatGptHome home, int id, CancellationToken cancellationToken)
    {
        await raw.CallToolAsync(id, "codex", Arguments(home), cancellationToken);
        var answer = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        var result = answer.GetProperty("result");
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True, result.ToString());
        return result.GetProperty("content")[0].GetProperty("text").GetString()!;
    }

    private static void AssertNoSecretIn(ChatGptHome home, RawServerProcess raw)
    {
        var secrets = home.Issuer.IssuedTokens.Append(Key).ToList();
        bool Leaks(string text) => secrets.Any(s => text.Contains(s, StringComparison.Ordinal)) || text.Contains(ScriptedIssuer.CanaryMarker, StringComparison.Ordinal);
        Assert.That(raw.StdoutLines, Is.Not.Empty);
        Assert.That(raw.StdoutLines.Where(Leaks), Is.Empty, "stdout");
        Assert.That(raw.StderrLines, Is.Not.Empty, "trace logging was on");
        Assert.That(raw.StderrLines.Where(Leaks), Is.Empty, "stderr at trace level");
    }

    private static JsonObject Arguments(ChatGptHome home) => new()
    {
        ["prompt"] = "hi",
        ["cwd"] = home.Session.Workspace,
        ["approval-policy"] = "never",
        ["sandbox"] = "read-only",
    };
}
