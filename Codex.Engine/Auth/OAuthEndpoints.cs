namespace Codex.Engine.Auth;

/// <summary>
/// The OAuth client and endpoints of ChatGPT sign-in, with upstream's override variables:
/// <c>CODEX_REFRESH_TOKEN_URL_OVERRIDE</c> and <c>CODEX_REVOKE_TOKEN_URL_OVERRIDE</c> (the revoke endpoint otherwise
/// follows a refresh override's host, at <c>/oauth/revoke</c>, as upstream derives it).
/// </summary>
public static class OAuthEndpoints
{
    /// <summary>The Codex CLI's public OAuth client id.</summary>
    public const string ClientId = "app_EMoamEEZ73f0CkXaXp7hrann";

    /// <summary>The issuer <c>login</c> uses unless <c>--experimental_issuer</c> names another.</summary>
    public const string DefaultIssuer = "https://auth.openai.com";

    /// <summary>The default <c>chatgpt_base_url</c>.</summary>
    public const string DefaultChatGptBaseUrl = "https://chatgpt.com/backend-api/";

    /// <summary>Overrides the refresh-token endpoint.</summary>
    public const string RefreshTokenUrlOverrideVariable = "CODEX_REFRESH_TOKEN_URL_OVERRIDE";

    /// <summary>Overrides the revoke endpoint.</summary>
    public const string RevokeTokenUrlOverrideVariable = "CODEX_REVOKE_TOKEN_URL_OVERRIDE";

    private const string DefaultRefreshTokenUrl = DefaultIssuer + "/oauth/token";
    private const string DefaultRevokeTokenUrl = DefaultIssuer + "/oauth/revoke";

    /// <summary>Where refresh grants go.</summary>
    public static string RefreshTokenUrl(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return NonEmpty(environment(RefreshTokenUrlOverrideVariable)) ?? DefaultRefreshTokenUrl;
    }

    /// <summary>Where revocations go.</summary>
    public static string RevokeTokenUrl(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (NonEmpty(environment(RevokeTokenUrlOverrideVariable)) is { } revoke)
        {
            return revoke;
        }

        if (NonEmpty(environment(RefreshTokenUrlOverrideVariable)) is { } refresh && Uri.TryCreate(refresh, UriKind.Absolute, out var uri))
        {
            return new UriBuilder(uri) { Path = "/oauth/revoke", Query = string.Empty }.Uri.AbsoluteUri;
        }

        return DefaultRevokeTokenUrl;
    }

    /// <summary>The token endpoint of <paramref name="issuer"/>.</summary>
    public static string TokenUrl(string issuer) => issuer.TrimEnd('/') + "/oauth/token";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
