using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.SignIn;

/// <summary>
/// <c>codex</c> turns on ChatGPT credentials through the real server binary: the ChatGPT backend (a scripted model at
/// <c>chatgpt_base_url</c>) gets upstream's headers; access tokens are refreshed before expiry and after a 401,
/// written back to auth.json (0600) once even with two servers racing; a revoked refresh token is a clear tool error.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChatGptTurnTests
{
    private static readonly string[] SecretHeaders = ["Authorization", "ChatGPT-Account-ID"];

    [Test]
    public async Task CodexTurn_UpstreamAuthJsonWithChatGptTokens_BackendGetsUpstreamHeaders()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await ChatGptHome.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("hello from chatgpt")), timeout.Token);
        var tokens = home.WriteUpstreamAuthJson(TimeSpan.FromHours(1), withAuthMode: false);
        var before = File.ReadAllText(home.AuthPath);
        await home.Session.StartServerAsync(environment: home.Environment(), cancellationToken: timeout.Token);

        var result = await home.Session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That((result.IsError, result.Text), Is.EqualTo((false, "hello from chatgpt")));
        var request = home.Session.Model.Requests.Single();
        Assert.That(request.Path, Is.EqualTo("/backend-api/codex/responses"));
        Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer " + tokens.AccessToken));
        Assert.That(request.Header("ChatGPT-Account-ID"), Is.EqualTo("acct-1234"));
        Assert.That(request.Header("originator"), Is.EqualTo("codex_cli_rs"));
        Assert.That(request.Header("User-Agent"), Does.StartWith("codex_cli_rs/"));
        Assert.That(request.Header("OpenAI-Beta"), Is.EqualTo("responses=experimental"));
        Assert.That(request.Header("Accept"), Is.EqualTo("text/event-stream"));
        Assert.That(request.Header("version"), Is.Not.Empty);
        Assert.That(request.Header("session_id"), Is.EqualTo(result.ConversationId));
        Assert.That(request.Header("conversation_id"), Is.EqualTo(result.ConversationId));
        Assert.That(request.Header("X-OpenAI-Fedramp"), Is.Null);
        Assert.That(request.Headers.Select(h => h.Key), Has.None.StartsWith("X-Stainless"), "the OpenAI SDK's telemetry headers are not upstream's");
        var body = request.Json!.Value;
        Assert.That((body.GetProperty("store").GetBoolean(), body.GetProperty("stream").GetBoolean()), Is.EqualTo((false, true)));
        Assert.That(home.Issuer.RefreshRequests, Is.Zero, "a fresh token is used as it is");
        Assert.That(File.ReadAllText(home.AuthPath), Is.EqualTo(before), "auth.json was not rewritten");

        // For the record: the header set the backend received, secrets redacted.
        foreach (var (name, value) in request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            var shown = SecretHeaders.Contains(name, StringComparer.OrdinalIgnoreCase) ? (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer <access token>" : "<account id>") : value;
            await TestContext.Out.WriteLineAsync($"{name}: {shown}");
        }
    }

    [Test]
    public async Task CodexTurn_AccessTokenAboutToExpire_RefreshesFirstAndWritesBackWithMode0600()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await ChatGptHome.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), timeout.Token);
        var old = home.WriteUpstreamAuthJson(TimeSpan.FromSeconds(60));
        await home.Session.StartServerAsync(environment: home.Environment(), cancellationToken: timeout.Token);

        var result = await home.Session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That((result.IsError, result.Text), Is.EqualTo((false, "ok")));
        Assert.That(home.Issuer.RefreshRequests, Is.EqualTo(1));
        var refresh = home.Issuer.Requests.Single(r => r.Form.GetValueOrDefault("grant_type") == "refresh_token");
        Assert.That((refresh.Form["refresh_token"], refresh.Form["client_id"]), Is.EqualTo((old.RefreshToken, ScriptedIssuer.ClientId)));
        AssertRefreshedOnDisk(home, old);
        var saved = home.ReadAuthJson()["tokens"]!;
        Assert.That(home.Session.Model.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer " + saved["access_token"]!.GetValue<string>()));
    }

    [Test]
    public async Task CodexTurn_BackendAnswers401_RefreshesAndRetriesOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await ChatGptHome.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Error(401, """{"error":{"message":"token expired","code":"token_expired"}}"""), ScriptedReply.Text("after refresh")),
            timeout.Token);
        var old = home.WriteUpstreamAuthJson(TimeSpan.FromHours(1));
        await home.Session.StartServerAsync(environment: home.Environment(), cancellationToken: timeout.Token);

        var result = await home.Session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That((result.IsError, result.Text), Is.EqualTo((false, "after refresh")));
        var requests = home.Session.Model.Requests;
        Assert.That(requests, Has.Count.EqualTo(2), "the rejected request and exactly one retry");
        Assert.That(requests[0].Header("Authorization"), Is.EqualTo("Bearer " + old.AccessToken));
        var saved = home.ReadAuthJson()["tokens"]!;
        Assert.That(requests[1].Header("Authorization"), Is.EqualTo("Bearer " + saved["access_token"]!.GetValue<string>()));
        Assert.That(requests[1].Body, Is.EqualTo(requests[0].Body), "the same request was sent again");
        Assert.That(home.Issuer.RefreshRequests, Is.EqualTo(1));
        AssertRefreshedOnDisk(home, old);
    }

    [Test]
    public async Task TwoServers_RefreshAtOnce_OneRefreshRequestAndBothTurnsSucceed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var home = await ChatGptHome.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("two")), timeout.Token);
        home.Issuer.RefreshDelay = TimeSpan.FromSeconds(1);
        var old = home.WriteUpstreamAuthJson(TimeSpan.FromSeconds(30));
        await using var first = RawServerProcess.Start(home.Session, home.Environment());
        await using var second = RawServerProcess.Start(home.Session, home.Environment());
        await Task.WhenAll(first.InitializeAsync(timeout.Token), second.InitializeAsync(timeout.Token));

        await Task.WhenAll(
            first.CallToolAsync(1, "codex", Arguments(home), timeout.Token),
            second.CallToolAsync(1, "codex", Arguments(home), timeout.Token));
        var answers = await Task.WhenAll(
            first.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "1"), timeout.Token),
            second.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "1"), timeout.Token));

        foreach (var answer in answers)
        {
            var callResult = answer.GetProperty("result");
            Assert.That(callResult.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.False, callResult.ToString());
        }

        Assert.That(answers.Select(a => a.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString()), Is.EquivalentTo(new[] { "one", "two" }));
        Assert.That(home.Issuer.RefreshRequests, Is.EqualTo(1), "the second process adopted the first one's tokens");
        AssertRefreshedOnDisk(home, old);
        var saved = home.ReadAuthJson()["tokens"]!["access_token"]!.GetValue<string>();
        Assert.That(home.Session.Model.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer " + saved));
    }

    [Test]
    public async Task CodexTurn_RefreshTokenRevoked_IsErrorThatNamesLogin_AndNoTokenLeaksAnywhere()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await ChatGptHome.CreateAsync(ModelScript.Sequence(ScriptedReply.Error(401), ScriptedReply.Text("never")), timeout.Token);
        var old = home.WriteUpstreamAuthJson(TimeSpan.FromHours(1));
        home.Issuer.Revoke(old.RefreshToken);
        var before = File.ReadAllText(home.AuthPath);
        await using var raw = RawServerProcess.Start(home.Session, home.Environment());
        await raw.InitializeAsync(timeout.Token);

        await raw.CallToolAsync(1, "codex", Arguments(home), timeout.Token);
        var answer = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "1"), timeout.Token);
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(10)), Is.True);

        var result = answer.GetProperty("result");
        Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
        var text = result.GetProperty("content")[0].GetProperty("text").GetString();
        Assert.That(text, Does.Contain("codex-mcp-server login").And.Contain("revoked"));
        Assert.That(home.Session.Model.Requests, Has.Count.EqualTo(1), "no retry without a new token");
        Assert.That(File.ReadAllText(home.AuthPath), Is.EqualTo(before), "a failed refresh changes nothing");
        AssertNoTokenLeaks(home, raw);
    }

    [Test]
    public async Task CodexTurns_RefreshBeforeExpiryAndAfter401_NoTokenInStdoutTraceStderrEventsOrRollout()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var home = await ChatGptHome.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Text("first"), ScriptedReply.Error(401, """{"error":{"message":"bad token"}}"""), ScriptedReply.Text("second")),
            timeout.Token);
        home.WriteUpstreamAuthJson(TimeSpan.FromSeconds(30));
        await using var raw = RawServerProcess.Start(home.Session, home.Environment());
        await raw.InitializeAsync(timeout.Token);

        await raw.CallToolAsync(1, "codex", Arguments(home), timeout.Token);
        var first = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "1"), timeout.Token);
        await raw.CallToolAsync(2, "codex", Arguments(home), timeout.Token);
        var second = await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "2"), timeout.Token);
        Assert.That(await raw.CloseInputAndWaitAsync(TimeSpan.FromSeconds(10)), Is.True);

        Assert.That(first.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("first"));
        Assert.That(second.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("second"));
        Assert.That(home.Issuer.RefreshRequests, Is.EqualTo(2), "one before expiry, one after the 401");
        Assert.That(raw.StderrLines.Count(l => l.Contains("Refreshing the ChatGPT access token", StringComparison.Ordinal)), Is.EqualTo(2), "the refreshes were logged");
        AssertNoTokenLeaks(home, raw);
    }

    private static void AssertRefreshedOnDisk(ChatGptHome home, (string IdToken, string AccessToken, string RefreshToken) old)
    {
        var saved = home.ReadAuthJson();
        var tokens = saved["tokens"]!;
        Assert.That(tokens["access_token"]!.GetValue<string>(), Is.Not.EqualTo(old.AccessToken));
        Assert.That(tokens["refresh_token"]!.GetValue<string>(), Is.Not.EqualTo(old.RefreshToken));
        Assert.That(home.Issuer.IssuedTokens, Does.Contain(tokens["access_token"]!.GetValue<string>()));
        Assert.That(tokens["account_id"]!.GetValue<string>(), Is.EqualTo("acct-1234"));
        Assert.That(DateTimeOffset.Parse(saved["last_refresh"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-2)));
        Assert.That(File.GetUnixFileMode(home.AuthPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.Exists(home.AuthPath + ".tmp"), Is.False, "the temporary file was renamed into place");
    }

    private static void AssertNoTokenLeaks(ChatGptHome home, RawServerProcess raw)
    {
        var tokens = home.Issuer.IssuedTokens;
        bool Leaks(string text) => tokens.Any(t => text.Contains(t, StringComparison.Ordinal)) || text.Contains(ScriptedIssuer.CanaryMarker, StringComparison.Ordinal);
        Assert.That(tokens, Is.Not.Empty);
        Assert.That(raw.StdoutLines.Count(l => l.Contains("\"codex/event\"", StringComparison.Ordinal)), Is.GreaterThan(3), "events were streamed");
        Assert.That(raw.StdoutLines.Where(Leaks), Is.Empty, "stdout: every event, result and error message");
        Assert.That(raw.StderrLines, Is.Not.Empty);
        Assert.That(raw.StderrLines.Where(Leaks), Is.Empty, "stderr at trace level");
        Assert.That(home.Session.Model.Requests.Select(r => r.Body).Where(Leaks), Is.Empty, "model request bodies");
        var rollouts = Directory.GetFiles(Path.Combine(home.Session.CodexHome, "sessions"), "*.jsonl", SearchOption.AllDirectories);
        Assert.That(rollouts, Is.Not.Empty);
        Assert.That(rollouts.Where(r => Leaks(File.ReadAllText(r))), Is.Empty, "rollouts");
    }

    private static JsonObject Arguments(ChatGptHome home) => new()
    {
        ["prompt"] = "hi",
        ["cwd"] = home.Session.Workspace,
        ["approval-policy"] = "never",
        ["sandbox"] = "read-only",
    };
}
