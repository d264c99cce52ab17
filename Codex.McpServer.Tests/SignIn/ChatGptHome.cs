using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.SignIn;

/// <summary>
/// An <see cref="E2eSession"/> whose scripted model plays the ChatGPT backend (<c>chatgpt_base_url</c> points at it,
/// the built-in <c>openai</c> provider is in use, no API key anywhere), a <see cref="ScriptedIssuer"/> that the
/// token override variables point at, and auth.json written in the exact shape the Codex CLI's <c>codex login</c> writes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ChatGptHome : IAsyncDisposable
{
    private ChatGptHome(E2eSession session, ScriptedIssuer issuer)
    {
        Session = session;
        Issuer = issuer;
    }

    public E2eSession Session { get; }

    public ScriptedIssuer Issuer { get; }

    public string AuthPath => Path.Combine(Session.CodexHome, "auth.json");

    public static async Task<ChatGptHome> CreateAsync(ModelScript script, CancellationToken cancellationToken)
    {
        var session = await E2eSession.CreateAsync(script, cancellationToken: cancellationToken);
        var issuer = await ScriptedIssuer.StartAsync(cancellationToken);
        File.WriteAllText(Path.Combine(session.CodexHome, "config.toml"), $"""
            model = "gpt-5-codex"
            chatgpt_base_url = "http://127.0.0.1:{session.Model.Port}/backend-api/"
            """);
        return new ChatGptHome(session, issuer);
    }

    /// <summary>
    /// Writes auth.json as upstream's <c>codex login</c> does (serde_json pretty, <c>OPENAI_API_KEY</c> null, RFC 3339
    /// <c>last_refresh</c>); <paramref name="withAuthMode"/> adds the <c>auth_mode</c> newer CLIs write.
    /// </summary>
    public (string IdToken, string AccessToken, string RefreshToken) WriteUpstreamAuthJson(TimeSpan accessLifetime, bool withAuthMode = true)
    {
        var tokens = Issuer.IssueTokens(accessLifetime);
        var mode = withAuthMode ? "\n  \"auth_mode\": \"chatgpt\"," : string.Empty;
        File.WriteAllText(AuthPath, $$"""
            {{{mode}}
              "OPENAI_API_KEY": null,
              "tokens": {
                "id_token": "{{tokens.IdToken}}",
                "access_token": "{{tokens.AccessToken}}",
                "refresh_token": "{{tokens.RefreshToken}}",
                "account_id": "{{Issuer.AccountId}}"
              },
              "last_refresh": "{{DateTimeOffset.UtcNow.AddMinutes(-30):yyyy-MM-ddTHH:mm:ss.ffffffZ}}"
            }
            """);
        File.SetUnixFileMode(AuthPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return tokens;
    }

    /// <summary>The server's environment: trace logging, token endpoints at the issuer, no API key or base URL variables.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["CODEX_LOG"] = "trace",
        ["OPENAI_API_KEY"] = null,
        ["OPENAI_BASE_URL"] = null,
        [E2eSession.ApiKeyVariable] = null,
        ["CODEX_REFRESH_TOKEN_URL_OVERRIDE"] = Issuer.BaseUrl + "/oauth/token",
        ["CODEX_REVOKE_TOKEN_URL_OVERRIDE"] = Issuer.BaseUrl + "/oauth/revoke",
    };

    public JsonObject ReadAuthJson() => JsonNode.Parse(File.ReadAllText(AuthPath))!.AsObject();

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
