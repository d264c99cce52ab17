using System.Text.Json.Nodes;
using Codex.Testing;

namespace Codex.McpServer.Tests.SignIn;

/// <summary>
/// What the sign-in command tests share: a scripted issuer on 127.0.0.1 and a temporary CODEX_HOME per test,
/// an upstream-shaped ChatGPT <c>auth.json</c>, and the check that no issued token (nor the canary marker) leaked.
/// </summary>
public abstract class SignInCliFixture
{
    protected ScriptedIssuer Issuer { get; private set; } = null!;

    protected string Home { get; private set; } = null!;

    protected string AuthPath => Path.Combine(Home, "auth.json");

    [SetUp]
    public async Task StartIssuerAndHome()
    {
        Issuer = await ScriptedIssuer.StartAsync();
        Home = Directory.CreateTempSubdirectory("codex-signin-").FullName;
    }

    [TearDown]
    public async Task StopIssuerAndHome()
    {
        await Issuer.DisposeAsync();
        Directory.Delete(Home, recursive: true);
    }

    /// <summary>Writes <c>auth.json</c> as <c>codex login</c> does, with tokens the issuer just signed.</summary>
    protected (string IdToken, string AccessToken, string RefreshToken) WriteChatGptAuthJson()
    {
        var tokens = Issuer.IssueTokens();
        File.WriteAllText(AuthPath, new JsonObject
        {
            ["auth_mode"] = "chatgpt",
            ["OPENAI_API_KEY"] = null,
            ["tokens"] = new JsonObject
            {
                ["id_token"] = tokens.IdToken,
                ["access_token"] = tokens.AccessToken,
                ["refresh_token"] = tokens.RefreshToken,
                ["account_id"] = Issuer.AccountId,
            },
            ["last_refresh"] = DateTimeOffset.UtcNow.ToString("O"),
        }.ToJsonString());
        return tokens;
    }

    /// <summary>No line holds a token the issuer issued, one of <paramref name="moreSecrets"/>, or the canary marker.</summary>
    protected void AssertNoSecretIn(IEnumerable<string> lines, params string[] moreSecrets)
    {
        var secrets = Issuer.IssuedTokens.Concat(moreSecrets).ToList();
        Assert.That(lines.Where(l => secrets.Any(s => l.Contains(s, StringComparison.Ordinal)) || l.Contains(ScriptedIssuer.CanaryMarker, StringComparison.Ordinal)), Is.Empty);
    }

    protected static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : string.Empty));
}
