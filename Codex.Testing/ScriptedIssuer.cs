using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codex.Testing;

/// <summary>
/// A scripted ChatGPT sign-in service on 127.0.0.1: <c>/oauth/authorize</c> (redirects to the client's callback with a
/// code), <c>/oauth/token</c> (authorization code with a PKCE check, refresh with rotation, token exchange for an API
/// key), <c>/oauth/revoke</c>, and the device-code endpoints under <c>/api/accounts/deviceauth/</c>. Tokens are real
/// RS256-signed JWTs made with a key generated per instance; opaque tokens carry <see cref="CanaryMarker"/>, and
/// <see cref="IssuedTokens"/> lists every token verbatim so a test can grep for any of them. Every request is recorded.
/// </summary>
public sealed class ScriptedIssuer : IAsyncDisposable
{
    /// <summary>The client id the Codex CLI uses.</summary>
    public const string ClientId = "app_EMoamEEZ73f0CkXaXp7hrann";

    /// <summary>Part of every opaque refresh token.</summary>
    public const string CanaryMarker = "CANARY";

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentQueue<IssuerRequest> _requests = new();
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _liveRefreshTokens = new();
    private readonly ConcurrentDictionary<string, string> _revoked = new();
    private readonly ConcurrentQueue<string> _issued = new();
    private int _devicePolls;

    private ScriptedIssuer(WebApplication app) => _app = app;

    /// <summary>e.g. <c>http://127.0.0.1:PORT</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = null!;

    /// <summary>How long new access tokens live.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a refresh takes to answer, to widen races in tests.</summary>
    public TimeSpan RefreshDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Device-code polls answered 403 ("pending") before the approval.</summary>
    public int DevicePendingPolls { get; set; } = 1;

    /// <summary>The email, plan and account put in new tokens.</summary>
    public string Email { get; set; } = "dev@example.test";

    /// <summary>The ChatGPT plan put in new tokens.</summary>
    public string Plan { get; set; } = "plus";

    /// <summary>The ChatGPT account put in new tokens.</summary>
    public string AccountId { get; set; } = "acct-1234";

    /// <summary>Every request so far.</summary>
    public IReadOnlyList<IssuerRequest> Requests => [.. _requests];

    /// <summary>Every token this issuer handed out (access, id, refresh, exchanged API keys).</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _issued];

    /// <summary>Refresh-grant requests so far.</summary>
    public int RefreshRequests => _requests.Count(r => r.Path == "/oauth/token" && r.Form.GetValueOrDefault("grant_type") == "refresh_token");

    /// <summary>Tokens revoked through <c>/oauth/revoke</c> or <see cref="Revoke"/>.</summary>
    public IReadOnlyCollection<string> RevokedTokens => [.. _revoked.Keys];

    /// <summary>Starts the issuer on an ephemeral port of 127.0.0.1.</summary>
    public static async Task<ScriptedIssuer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        var app = builder.Build();
        var issuer = new ScriptedIssuer(app);
        app.Run(issuer.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer.BaseUrl = $"http://127.0.0.1:{new Uri(address).Port}";
        return issuer;
    }

    /// <summary>Makes a token set as a sign-in would (the refresh token is live); <paramref name="accessLifetime"/> sets <c>exp</c>.</summary>
    public (string IdToken, string AccessToken, string RefreshToken) IssueTokens(TimeSpan? accessLifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        var auth = new JsonObject
        {
            ["chatgpt_plan_type"] = Plan,
            ["chatgpt_user_id"] = "user-42",
            ["chatgpt_account_id"] = AccountId,
        };
        var id = Jwt(new JsonObject
        {
            ["iss"] = BaseUrl,
            ["aud"] = ClientId,
            ["sub"] = "user-42",
            ["email"] = Email,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["https://api.openai.com/auth"] = auth.DeepClone(),
        });
        var access = Jwt(new JsonObject
        {
            ["iss"] = BaseUrl,
            ["sub"] = "user-42",
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(accessLifetime ?? AccessTokenLifetime).ToUnixTimeSeconds(),
            ["https://api.openai.com/auth"] = auth.DeepClone(),
        });
        var refresh = $"rt_{CanaryMarker}_{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}";
        _liveRefreshTokens[refresh] = true;
        _issued.Enqueue(id);
        _issued.Enqueue(access);
        _issued.Enqueue(refresh);
        return (id, access, refresh);
    }

    /// <summary>Makes <paramref name="refreshToken"/> unusable, as a revocation elsewhere would.</summary>
    public void Revoke(string refreshToken)
    {
        _revoked[refreshToken] = "test";
        _liveRefreshTokens.TryRemove(refreshToken, out _);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _key.Dispose();
    }

    private string Jwt(JsonObject payload)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = "test" }));
        var body = Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(header + "." + body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + body + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonElement? json = null;
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))
            {
                form[key] = value.ToString();
            }
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            json = document.RootElement.Clone();
        }

        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var recorded = new IssuerRequest(request.Method, request.Path.Value ?? string.Empty, query, form, json,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        _requests.Enqueue(recorded);

        switch (recorded.Path)
        {
            case "/oauth/authorize":
                Authorize(context, query);
                return;
            case "/oauth/token":
                await TokenAsync(context, form).ConfigureAwait(false);
                return;
            case "/oauth/revoke":
                if (form.GetValueOrDefault("token") is { Length: > 0 } token)
                {
                    _revoked[token] = form.GetValueOrDefault("token_type_hint") ?? string.Empty;
                    _liveRefreshTokens.TryRemove(token, out _);
                }

                context.Response.StatusCode = 200;
                return;
            case "/api/accounts/deviceauth/usercode":
                await WriteJsonAsync(context, 200, new JsonObject { ["device_auth_id"] = "dev-auth-1", ["user_code"] = "ABCD-1234", ["interval"] = "1" }).ConfigureAwait(false);
                return;
            case "/api/accounts/deviceauth/token":
                if (Interlocked.Increment(ref _devicePolls) <= DevicePendingPolls)
                {
                    await WriteJsonAsync(context, 403, new JsonObject { ["error"] = "authorization_pending" }).ConfigureAwait(false);
                    return;
                }

                var verifier = $"verifier-{Convert.ToHexString(RandomNumberGenerator.GetBytes(24))}";
                var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
                var code = "dc-" + Guid.NewGuid().ToString("N");
                _codes[code] = (challenge, BaseUrl + "/deviceauth/callback");
                await WriteJsonAsync(context, 200, new JsonObject { ["authorization_code"] = code, ["code_challenge"] = challenge, ["code_verifier"] = verifier }).ConfigureAwait(false);
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private void Authorize(HttpContext context, Dictionary<string, string> query)
    {
        var redirect = query.GetValueOrDefault("redirect_uri");
        if (query.GetValueOrDefault("response_type") != "code" || query.GetValueOrDefault("code_challenge_method") != "S256"
            || string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge")) || string.IsNullOrEmpty(redirect))
        {
            context.Response.StatusCode = 400;
            return;
        }

        var code = "ac-" + Guid.NewGuid().ToString("N");
        _codes[code] = (query["code_challenge"], redirect);
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = $"{redirect}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query.GetValueOrDefault("state") ?? string.Empty)}";
    }

    private async Task TokenAsync(HttpContext context, Dictionary<string, string> form)
    {
        if (form.GetValueOrDefault("client_id") != ClientId)
        {
            await WriteJsonAsync(context, 401, new JsonObject { ["error"] = "invalid_client" }).ConfigureAwait(false);
            return;
        }

        switch (form.GetValueOrDefault("grant_type"))
        {
            case "authorization_code":
                var code = form.GetValueOrDefault("code") ?? string.Empty;
                if (!_codes.TryRemove(code, out var issued)
                    || issued.RedirectUri != form.GetValueOrDefault("redirect_uri")
                    || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form.GetValueOrDefault("code_verifier") ?? string.Empty))) != issued.Challenge)
                {
                    await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "bad code, redirect_uri or code_verifier" }).ConfigureAwait(false);
                    return;
                }

                await WriteTokensAsync(context, IssueTokens()).ConfigureAwait(false);
                return;

            case "refresh_token":
                await Task.Delay(RefreshDelay, context.RequestAborted).ConfigureAwait(false);
                var refresh = form.GetValueOrDefault("refresh_token") ?? string.Empty;
                if (!_liveRefreshTokens.TryRemove(refresh, out _))
                {
                    var reason = _revoked.ContainsKey(refresh) ? "refresh_token_invalidated" : "refresh_token_reused";
                    await WriteJsonAsync(context, 401, new JsonObject { ["error"] = "invalid_grant", ["code"] = reason, ["error_description"] = reason }).ConfigureAwait(false);
                    return;
                }

                await WriteTokensAsync(context, IssueTokens()).ConfigureAwait(false);
                return;

            case "urn:ietf:params:oauth:grant-type:token-exchange":
                if (form.GetValueOrDefault("requested_token") != "openai-api-key" || string.IsNullOrEmpty(form.GetValueOrDefault("subject_token")))
                {
                    await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "invalid_request" }).ConfigureAwait(false);
                    return;
                }

                var key = $"sk-exchanged-{CanaryMarker}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(12))}";
                _issued.Enqueue(key);
                await WriteJsonAsync(context, 200, new JsonObject { ["access_token"] = key, ["token_type"] = "bearer" }).ConfigureAwait(false);
                return;

            default:
                await WriteJsonAsync(context, 400, new JsonObject { ["error"] = "unsupported_grant_type" }).ConfigureAwait(false);
                return;
        }
    }

    private static Task WriteTokensAsync(HttpContext context, (string IdToken, string AccessToken, string RefreshToken) tokens) =>
        WriteJsonAsync(context, 200, new JsonObject
        {
            ["id_token"] = tokens.IdToken,
            ["access_token"] = tokens.AccessToken,
            ["refresh_token"] = tokens.RefreshToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>One request the scripted issuer received.</summary>
public sealed record IssuerRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Form,
    JsonElement? Json,
    IReadOnlyDictionary<string, string> Headers);
