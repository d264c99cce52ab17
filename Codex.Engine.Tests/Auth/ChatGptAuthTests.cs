using System.Text;
using System.Text.Json.Nodes;
using Codex.Engine.Auth;
using Codex.Testing;

namespace Codex.Engine.Tests.Auth;

/// <summary>auth.json reading and writing, id-token claims, endpoint overrides and the refresh protocol of <see cref="ChatGptSession"/>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChatGptAuthTests
{
    private string _home = null!;

    [SetUp]
    public void SetUp() => _home = Directory.CreateTempSubdirectory("codex-auth-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_home, recursive: true);

    [Test]
    public void JwtClaims_UpstreamIdToken_ReadsEmailPlanAccountAndExpiryWithoutVerifying()
    {
        var jwt = Jwt("""{"exp":1900000000,"https://api.openai.com/profile":{"email":"p@example.test"},"https://api.openai.com/auth":{"chatgpt_plan_type":"team","user_id":"u1","chatgpt_account_id":"acct-9","chatgpt_account_is_fedramp":true}}""");

        var claims = JwtClaims.TryParse(jwt);

        Assert.That(claims, Is.EqualTo(new JwtClaims
        {
            Email = "p@example.test",
            PlanType = "team",
            UserId = "u1",
            AccountId = "acct-9",
            IsFedRamp = true,
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(1900000000),
        }));
    }

    [TestCase("")]
    [TestCase("a.b")]
    [TestCase("a.!!!.c")]
    [TestCase("a.bm90IGpzb24.c")]
    public void JwtClaims_NotAJwt_Null(string text) => Assert.That(JwtClaims.TryParse(text), Is.Null);

    [Test]
    public void AuthStore_SaveThenLoad_KeepsUnknownFieldsWritesUpstreamShapeWithMode0600()
    {
        var path = Path.Combine(_home, "auth.json");
        File.WriteAllText(path, """{"auth_mode":"chatgpt","OPENAI_API_KEY":null,"tokens":{"id_token":"i","access_token":"a","refresh_token":"r","account_id":null},"last_refresh":"2025-09-01T10:00:00.123456Z","agent_identity":"kept"}""");
        var store = new AuthStore(_home);

        var loaded = store.Load()!;
        store.Save(loaded with { Tokens = loaded.Tokens! with { AccessToken = "a2" } });

        var saved = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.That(saved.Select(p => p.Key), Is.EqualTo(new[] { "auth_mode", "OPENAI_API_KEY", "tokens", "last_refresh", "agent_identity" }));
        Assert.That(saved["tokens"]!.ToJsonString(), Is.EqualTo("""{"id_token":"i","access_token":"a2","refresh_token":"r","account_id":null}"""));
        Assert.That(saved["agent_identity"]!.GetValue<string>(), Is.EqualTo("kept"));
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(loaded.ToString(), Does.Not.Contain("access"), "no token in ToString");
    }

    [Test]
    public void OAuthEndpoints_RefreshOverrideOnly_RevokeFollowsItsHost()
    {
        string? Env(string name) => name == OAuthEndpoints.RefreshTokenUrlOverrideVariable ? "http://127.0.0.1:1234/oauth/token?unified=true" : null;

        Assert.That(OAuthEndpoints.RefreshTokenUrl(Env), Is.EqualTo("http://127.0.0.1:1234/oauth/token?unified=true"));
        Assert.That(OAuthEndpoints.RevokeTokenUrl(Env), Is.EqualTo("http://127.0.0.1:1234/oauth/revoke"));
        Assert.That(OAuthEndpoints.RevokeTokenUrl(_ => null), Is.EqualTo("https://auth.openai.com/oauth/revoke"));
    }

    [Test]
    public async Task ChatGptSession_TwoSessionsRefreshAtOnce_OneRequestAndBothGetTheNewToken()
    {
        await using var issuer = await ScriptedIssuer.StartAsync();
        var store = new AuthStore(_home);
        var tokens = issuer.IssueTokens(TimeSpan.FromSeconds(10));
        var auth = new AuthDotJson { AuthMode = AuthModes.ChatGpt, Tokens = new AuthTokens { IdToken = tokens.IdToken, AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken, AccountId = "acct-1234" } };
        store.Save(auth);
        Func<string, string?> env = name => name == OAuthEndpoints.RefreshTokenUrlOverrideVariable ? issuer.BaseUrl + "/oauth/token" : null;
        var first = new ChatGptSession(store, auth, env);
        var second = new ChatGptSession(new AuthStore(_home), auth, env);

        var results = await Task.WhenAll(first.GetTokensAsync(CancellationToken.None).AsTask(), second.GetTokensAsync(CancellationToken.None).AsTask());

        Assert.That(issuer.RefreshRequests, Is.EqualTo(1));
        Assert.That(results[0].AccessToken, Is.Not.EqualTo(tokens.AccessToken));
        Assert.That(results[1], Is.EqualTo(results[0]));
        Assert.That(store.Load()!.Tokens, Is.EqualTo(results[0]));
    }

    [Test]
    public async Task ChatGptSession_RevokedRefreshToken_PermanentErrorNamingLoginAndNoSecondRequest()
    {
        await using var issuer = await ScriptedIssuer.StartAsync();
        var store = new AuthStore(_home);
        var tokens = issuer.IssueTokens(TimeSpan.FromHours(1));
        issuer.Revoke(tokens.RefreshToken);
        var auth = new AuthDotJson { AuthMode = AuthModes.ChatGpt, Tokens = new AuthTokens { IdToken = tokens.IdToken, AccessToken = tokens.AccessToken, RefreshToken = tokens.RefreshToken } };
        store.Save(auth);
        var session = new ChatGptSession(store, auth, name => name == OAuthEndpoints.RefreshTokenUrlOverrideVariable ? issuer.BaseUrl + "/oauth/token" : null);

        var error = await Assert.ThrowsAsync<ChatGptAuthException>(() => session.RefreshAfterUnauthorizedAsync(tokens.AccessToken, CancellationToken.None));
        await Assert.ThrowsAsync<ChatGptAuthException>(() => session.RefreshAfterUnauthorizedAsync(tokens.AccessToken, CancellationToken.None));

        Assert.That(error!.Permanent, Is.True);
        Assert.That(error.Message, Does.Contain("revoked").And.Contain("codex-mcp-server login"));
        Assert.That(error.Message, Does.Not.Contain(tokens.RefreshToken));
        Assert.That(issuer.RefreshRequests, Is.EqualTo(1), "a refused refresh token is not sent again");
    }

    private static string Jwt(string payload) =>
        "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";
}
