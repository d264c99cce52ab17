using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;

namespace Codex.Engine.Auth;

/// <summary>The tokens a token endpoint returned; any of them may be missing from a refresh answer.</summary>
public sealed record TokenSet(string? IdToken, string? AccessToken, string? RefreshToken)
{
    /// <inheritdoc/>
    public override string ToString() => "TokenSet { [REDACTED] }";
}

/// <summary>
/// The standard OAuth requests of ChatGPT sign-in, made with Duende.IdentityModel: the authorization-code exchange
/// (PKCE), the refresh grant, the token exchange for an API key and revocation (RFC 7009). The client is public: its
/// id goes in the form body, with no secret.
/// </summary>
public sealed class OAuthClient : IDisposable
{
    private static readonly string[] PermanentCodes = ["refresh_token_expired", "refresh_token_reused", "refresh_token_invalidated", "invalid_grant"];

    private readonly HttpClient _http;

    /// <summary>Creates a client with its own connection pool (no redirects followed, 30 s per request).</summary>
    public OAuthClient()
    {
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Exchanges an authorization code (with its PKCE verifier) for tokens.</summary>
    /// <exception cref="ChatGptAuthException">The endpoint refused or could not be reached.</exception>
    public async Task<TokenSet> ExchangeCodeAsync(string tokenEndpoint, string clientId, string code, string redirectUri, string codeVerifier, CancellationToken cancellationToken)
    {
        var response = await _http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = tokenEndpoint,
            ClientId = clientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = codeVerifier,
        }, cancellationToken).ConfigureAwait(false);
        if (response.IsError || string.IsNullOrEmpty(response.AccessToken) || string.IsNullOrEmpty(response.IdentityToken) || string.IsNullOrEmpty(response.RefreshToken))
        {
            throw new ChatGptAuthException($"Token exchange failed: {Describe(response)}", permanent: true, response.Exception);
        }

        return new TokenSet(response.IdentityToken, response.AccessToken, response.RefreshToken);
    }

    /// <summary>
    /// Exchanges an id token for an API key (upstream's <c>requested_token=openai-api-key</c> token exchange);
    /// null when the issuer does not grant one, which does not fail a sign-in.
    /// </summary>
    public async Task<string?> ObtainApiKeyAsync(string tokenEndpoint, string clientId, string idToken, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _http.RequestTokenExchangeTokenAsync(new TokenExchangeTokenRequest
            {
                Address = tokenEndpoint,
                ClientId = clientId,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                SubjectToken = idToken,
                SubjectTokenType = "urn:ietf:params:oauth:token-type:id_token",
                Parameters = { { "requested_token", "openai-api-key" } },
            }, cancellationToken).ConfigureAwait(false);
            return response.IsError || string.IsNullOrWhiteSpace(response.AccessToken) ? null : response.AccessToken;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Runs the refresh grant.</summary>
    /// <exception cref="ChatGptAuthException">Permanent when the refresh token is no longer valid; otherwise transient.</exception>
    public async Task<TokenSet> RefreshAsync(string tokenEndpoint, string refreshToken, CancellationToken cancellationToken)
    {
        var response = await _http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = tokenEndpoint,
            ClientId = OAuthEndpoints.ClientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            RefreshToken = refreshToken,
        }, cancellationToken).ConfigureAwait(false);

        if (!response.IsError && !string.IsNullOrEmpty(response.AccessToken))
        {
            return new TokenSet(response.IdentityToken, response.AccessToken, response.RefreshToken);
        }

        if (response.ErrorType == ResponseErrorType.Exception)
        {
            throw new ChatGptAuthException($"Could not refresh the ChatGPT access token: {response.Error}", permanent: false, response.Exception);
        }

        var code = ErrorCode(response)?.ToLowerInvariant();
        var permanent = response.HttpStatusCode == HttpStatusCode.Unauthorized || (code is not null && PermanentCodes.Contains(code));
        if (!permanent)
        {
            throw new ChatGptAuthException($"Could not refresh the ChatGPT access token: the token endpoint answered {(int)response.HttpStatusCode} {Describe(response)}.", permanent: false);
        }

        var reason = code switch
        {
            "refresh_token_expired" => "your refresh token has expired",
            "refresh_token_reused" => "your refresh token was already used",
            "refresh_token_invalidated" or "invalid_grant" => "your refresh token was revoked",
            _ => "the sign-in service rejected your refresh token",
        };
        throw new ChatGptAuthException($"Your ChatGPT access token could not be refreshed because {reason}. {ChatGptAuthException.SignInAgain}", permanent: true);
    }

    /// <summary>Revokes <paramref name="token"/>; returns an error description, or null on success.</summary>
    public async Task<string?> RevokeAsync(string endpoint, string token, string tokenTypeHint, string? clientId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _http.RevokeTokenAsync(new TokenRevocationRequest
            {
                Address = endpoint,
                ClientId = clientId ?? string.Empty,
                ClientCredentialStyle = ClientCredentialStyle.PostBody,
                Token = token,
                TokenTypeHint = tokenTypeHint,
            }, cancellationToken).ConfigureAwait(false);
            return response.IsError ? $"{(int)response.HttpStatusCode} {response.Error}" : null;
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    // Only the error code and description are shown: a token endpoint's raw body could echo what was sent.
    private static string Describe(ProtocolResponse response) =>
        response.ErrorType == ResponseErrorType.Exception
            ? response.Error ?? "the request failed"
            : $"{ErrorCode(response) ?? response.HttpErrorReason ?? "error"}{(ErrorDescription(response) is { } d ? ": " + d : string.Empty)}";

    private static string? ErrorCode(ProtocolResponse response)
    {
        if (response.Json is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }

        if (json.TryGetProperty("error", out var error))
        {
            if (error.ValueKind == JsonValueKind.String)
            {
                return error.GetString();
            }

            if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var nested) && nested.ValueKind == JsonValueKind.String)
            {
                return nested.GetString();
            }
        }

        return json.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
    }

    private static string? ErrorDescription(ProtocolResponse response) =>
        response.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String
            ? d.GetString()
            : null;
}
