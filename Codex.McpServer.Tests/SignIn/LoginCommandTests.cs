using System.Net;
using System.Text.Json.Nodes;
using Codex.Testing;

namespace Codex.McpServer.Tests.SignIn;

/// <summary>
/// <c>codex-mcp-server login</c> (browser flow driven by the test as the browser, <c>--device-auth</c>,
/// <c>--with-api-key</c>), <c>login status</c> and <c>logout</c>, against the scripted issuer on 127.0.0.1.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LoginCommandTests : SignInCliFixture
{

    [Test]
    public async Task Login_BrowserFlow_TestAsBrowser_SavesUpstreamShapedAuthJson()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var run = CliRun.Start(Home, new Dictionary<string, string?>(), null, "login", "--experimental_issuer", Issuer.BaseUrl, "--callback-port", "0");

        var authorizeUrl = (await run.WaitForLineAsync(l => l.StartsWith(Issuer.BaseUrl + "/oauth/authorize?", StringComparison.Ordinal), timeout.Token)).Trim();
        var authorize = ParseQuery(new Uri(authorizeUrl).Query);
        Assert.That(authorize["response_type"], Is.EqualTo("code"));
        Assert.That(authorize["client_id"], Is.EqualTo(ScriptedIssuer.ClientId));
        Assert.That(authorize["scope"], Is.EqualTo("openid profile email offline_access"));
        Assert.That(authorize["code_challenge_method"], Is.EqualTo("S256"));
        Assert.That((authorize["id_token_add_organizations"], authorize["codex_cli_simplified_flow"], authorize["originator"]), Is.EqualTo(("true", "true", "codex_cli_rs")));
        Assert.That(authorize["redirect_uri"], Does.Match(@"^http://localhost:\d+/auth/callback$"));
        Assert.That(authorize["state"], Has.Length.GreaterThanOrEqualTo(32));

        // The browser: follow the issuer's redirect to our callback, then the callback's redirect to /success.
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var toCallback = await browser.GetAsync(authorizeUrl, timeout.Token);
        Assert.That(toCallback.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        var callback = toCallback.Headers.Location!;
        Assert.That(callback.GetLeftPart(UriPartial.Path), Is.EqualTo(authorize["redirect_uri"]));

        using var forged = await browser.GetAsync(authorize["redirect_uri"] + "?code=stolen&state=wrong", timeout.Token);
        Assert.That((forged.StatusCode, await forged.Content.ReadAsStringAsync(timeout.Token)), Is.EqualTo((HttpStatusCode.BadRequest, "State mismatch")));
        Assert.That(File.Exists(AuthPath), Is.False, "a callback with a wrong state changes nothing");

        using var toSuccess = await browser.GetAsync(callback, timeout.Token);
        Assert.That(toSuccess.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        using var success = await browser.GetAsync(toSuccess.Headers.Location!, timeout.Token);
        Assert.That(success.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await success.Content.ReadAsStringAsync(timeout.Token), Does.Contain("Signed in to Codex"));
        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.Zero, string.Join('\n', run.Stderr));

        var exchange = Issuer.Requests.Single(r => r.Form.GetValueOrDefault("grant_type") == "authorization_code");
        Assert.That(exchange.Form["redirect_uri"], Is.EqualTo(authorize["redirect_uri"]));
        Assert.That(exchange.Form["code_verifier"], Has.Length.GreaterThanOrEqualTo(43), "the issuer checked it against the challenge");
        var auth = JsonNode.Parse(File.ReadAllText(AuthPath))!.AsObject();
        Assert.That(auth.Select(p => p.Key), Is.EqualTo(new[] { "auth_mode", "OPENAI_API_KEY", "tokens", "last_refresh" }));
        Assert.That(auth["auth_mode"]!.GetValue<string>(), Is.EqualTo("chatgpt"));
        Assert.That(auth["OPENAI_API_KEY"]!.GetValue<string>(), Does.StartWith("sk-exchanged-"), "the token-exchanged key, as upstream stores it");
        var tokens = auth["tokens"]!.AsObject();
        Assert.That(tokens.Select(p => p.Key), Is.EqualTo(new[] { "id_token", "access_token", "refresh_token", "account_id" }));
        Assert.That(Issuer.IssuedTokens, Does.Contain(tokens["access_token"]!.GetValue<string>()).And.Contain(tokens["refresh_token"]!.GetValue<string>()));
        Assert.That(tokens["account_id"]!.GetValue<string>(), Is.EqualTo("acct-1234"));
        Assert.That(File.GetUnixFileMode(AuthPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr));
    }

    [Test]
    public async Task Login_DeviceAuth_PollsUntilApprovedAndSaves()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var run = CliRun.Start(Home, new Dictionary<string, string?>(), null, "login", "--device-auth", "--experimental_issuer", Issuer.BaseUrl);

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.Zero, string.Join('\n', run.Stderr));

        Assert.That(run.Stdout, Does.Contain("   " + Issuer.BaseUrl + "/codex/device").And.Contain("   ABCD-1234"));
        Assert.That(Issuer.Requests.Count(r => r.Path == "/api/accounts/deviceauth/token"), Is.EqualTo(2), "one pending poll, then the approval");
        var usercode = Issuer.Requests.Single(r => r.Path == "/api/accounts/deviceauth/usercode");
        Assert.That(usercode.Json!.Value.GetProperty("client_id").GetString(), Is.EqualTo(ScriptedIssuer.ClientId));
        var exchange = Issuer.Requests.Single(r => r.Form.GetValueOrDefault("grant_type") == "authorization_code");
        Assert.That(exchange.Form["redirect_uri"], Is.EqualTo(Issuer.BaseUrl + "/deviceauth/callback"));
        var auth = JsonNode.Parse(File.ReadAllText(AuthPath))!.AsObject();
        Assert.That((auth["auth_mode"]!.GetValue<string>(), auth["OPENAI_API_KEY"]), Is.EqualTo(("chatgpt", (JsonNode?)null)));
        Assert.That(Issuer.IssuedTokens, Does.Contain(auth["tokens"]!["access_token"]!.GetValue<string>()));
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr));
    }

    [Test]
    public async Task LoginStatus_ChatGptTokens_ShowsEmailPlanAccountAndNoSecret()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Issuer.Email = "ada@example.test";
        Issuer.Plan = "pro";
        WriteChatGptAuthJson();

        using var run = CliRun.Start(Home, new Dictionary<string, string?>(), null, "login", "status");

        Assert.That(await run.ExitCodeAsync(timeout.Token), Is.Zero);
        Assert.That(run.Stdout, Is.EqualTo(new[] { "Logged in using ChatGPT", "  Email:   ada@example.test", "  Plan:    pro", "  Account: acct-1234" }));
        AssertNoSecretIn(run.Stdout.Concat(run.Stderr));
    }

    [Test]
    public async Task LoginWithApiKey_KeyOnStdin_StoredAsApiKeyModeAndStatusNeverShowsIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        const string key = "sk-proj-CANARY-0123456789abcdef";

        using (var login = CliRun.Start(Home, new Dictionary<string, string?>(), key + "\n", "login", "--with-api-key"))
        {
            Assert.That(await login.ExitCodeAsync(timeout.Token), Is.Zero, string.Join('\n', login.Stderr));
            Assert.That(login.Stdout.Concat(login.Stderr).Where(l => l.Contains(key, StringComparison.Ordinal)), Is.Empty);
        }

        var auth = JsonNode.Parse(File.ReadAllText(AuthPath))!.AsObject();
        Assert.That((auth["auth_mode"]!.GetValue<string>(), auth["OPENAI_API_KEY"]!.GetValue<string>()), Is.EqualTo(("apikey", key)));
        Assert.That(File.GetUnixFileMode(AuthPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));

        using var status = CliRun.Start(Home, new Dictionary<string, string?>(), null, "login", "status");
        Assert.That(await status.ExitCodeAsync(timeout.Token), Is.Zero);
        Assert.That(status.Stdout, Is.EqualTo(new[] { "Logged in using an API key" }));
    }

    [Test]
    public async Task Logout_ChatGptTokens_RevokesTheRefreshTokenAndRemovesAuthJson()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var tokens = WriteChatGptAuthJson();
        var environment = new Dictionary<string, string?> { ["CODEX_REVOKE_TOKEN_URL_OVERRIDE"] = Issuer.BaseUrl + "/oauth/revoke" };

        using (var logout = CliRun.Start(Home, environment, null, "logout"))
        {
            Assert.That(await logout.ExitCodeAsync(timeout.Token), Is.Zero, string.Join('\n', logout.Stderr));
            Assert.That(logout.Stdout, Is.EqualTo(new[] { "Successfully logged out" }));
            AssertNoSecretIn(logout.Stdout.Concat(logout.Stderr));
        }

        Assert.That(File.Exists(AuthPath), Is.False);
        var revoke = Issuer.Requests.Single(r => r.Path == "/oauth/revoke");
        Assert.That((revoke.Form["token"], revoke.Form["token_type_hint"], revoke.Form["client_id"]), Is.EqualTo((tokens.RefreshToken, "refresh_token", ScriptedIssuer.ClientId)));

        using var status = CliRun.Start(Home, environment, null, "login", "status");
        Assert.That(await status.ExitCodeAsync(timeout.Token), Is.EqualTo(1));
        Assert.That(status.Stdout, Is.EqualTo(new[] { "Not logged in" }));

        using var again = CliRun.Start(Home, environment, null, "logout");
        Assert.That(await again.ExitCodeAsync(timeout.Token), Is.Zero);
        Assert.That(again.Stdout, Is.EqualTo(new[] { "Not logged in" }));
        Assert.That(Issuer.Requests.Count(r => r.Path == "/oauth/revoke"), Is.EqualTo(1));
    }
}
