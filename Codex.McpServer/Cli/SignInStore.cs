using Codex.Engine.Auth;

namespace Codex.McpServer.Cli;

/// <summary>Writes what a sign-in obtained to auth.json, in the shape upstream's <c>codex login</c> writes.</summary>
internal static class SignInStore
{
    /// <summary>
    /// Saves ChatGPT tokens (and the exchanged API key, if any) under the auth lock, then revokes the refresh token
    /// they replace, as upstream does; a failed revocation does not fail the sign-in.
    /// </summary>
    public static async Task SaveChatGptAsync(AuthStore store, OAuthClient oauth, TokenSet tokens, string? apiKey, CancellationToken cancellationToken)
    {
        AuthDotJson? previous;
        using (await store.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            previous = TryLoad(store);
            store.Save(new AuthDotJson
            {
                AuthMode = AuthModes.ChatGpt,
                OpenAiApiKey = apiKey,
                Tokens = new AuthTokens
                {
                    IdToken = tokens.IdToken!,
                    AccessToken = tokens.AccessToken!,
                    RefreshToken = tokens.RefreshToken!,
                    AccountId = JwtClaims.TryParse(tokens.IdToken)?.AccountId,
                },
                LastRefresh = DateTimeOffset.UtcNow,
            });
        }

        if (previous is { Tokens.RefreshToken.Length: > 0 } old && old.ResolvedMode == AuthModes.ChatGpt && old.Tokens.RefreshToken != tokens.RefreshToken)
        {
            await RevokeAsync(oauth, old.Tokens, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Revokes the refresh token (else the access token) at the revoke endpoint; reports failures on stderr.</summary>
    public static async Task RevokeAsync(OAuthClient oauth, AuthTokens tokens, CancellationToken cancellationToken)
    {
        var endpoint = OAuthEndpoints.RevokeTokenUrl(Environment.GetEnvironmentVariable);
        var (token, hint, clientId) = tokens.RefreshToken.Length > 0
            ? (tokens.RefreshToken, "refresh_token", OAuthEndpoints.ClientId)
            : (tokens.AccessToken, "access_token", (string?)null);
        if (token.Length == 0)
        {
            return;
        }

        if (await oauth.RevokeAsync(endpoint, token, hint, clientId, cancellationToken).ConfigureAwait(false) is { } error)
        {
            await Console.Error.WriteLineAsync($"Could not revoke the old sign-in at {endpoint} ({error}); continuing.").ConfigureAwait(false);
        }
    }

    /// <summary>auth.json, or null when it is missing or unreadable (a broken file is replaced, not an obstacle).</summary>
    public static AuthDotJson? TryLoad(AuthStore store)
    {
        try
        {
            return store.Load();
        }
        catch (MissingCredentialException)
        {
            return null;
        }
    }
}
