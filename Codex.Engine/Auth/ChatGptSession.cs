using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codex.Engine.Auth;

/// <summary>
/// The ChatGPT tokens one process uses, kept fresh. The access token is refreshed when its JWT <c>exp</c> is within
/// <see cref="RefreshMargin"/> (or, without <c>exp</c>, when the last refresh is older than upstream's eight days), and
/// after the backend answers 401.
/// </summary>
/// <remarks>
/// A refresh takes the auth lock and reads auth.json again first: when another process (or another conversation of
/// this one) already refreshed, its tokens are adopted and no second refresh request is made, so refresh tokens,
/// which the issuer may allow to be used only once, are never spent twice and nobody's new tokens are lost.
/// </remarks>
public sealed class ChatGptSession
{
    /// <summary>How close to <c>exp</c> an access token is refreshed before use.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromDays(8);
    private static readonly OAuthClient SharedClient = new();

    private readonly AuthStore _store;
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AuthDotJson _auth;
    private ChatGptAuthException? _permanentFailure;
    private string? _failedRefreshToken;

    /// <summary>Starts from <paramref name="auth"/>, which must hold tokens, as read from <paramref name="store"/>.</summary>
    public ChatGptSession(AuthStore store, AuthDotJson auth, Func<string, string?>? environment = null, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(auth);
        if (auth.Tokens is null)
        {
            throw new ArgumentException("ChatGPT credentials need tokens.", nameof(auth));
        }

        _store = store;
        _auth = auth;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The tokens in use now (not refreshed by reading this).</summary>
    public AuthTokens Current => Volatile.Read(ref _auth).Tokens!;

    /// <summary>The account id to send: <c>tokens.account_id</c>, else the id token's <c>chatgpt_account_id</c>.</summary>
    public string? AccountId => Current.AccountId is { Length: > 0 } id ? id : JwtClaims.TryParse(Current.IdToken)?.AccountId;

    /// <summary>Whether the id token marks a FedRAMP account (upstream then sends <c>X-OpenAI-Fedramp: true</c>).</summary>
    public bool IsFedRamp => JwtClaims.TryParse(Current.IdToken)?.IsFedRamp == true;

    /// <summary>The current tokens, refreshed first when the access token is about to expire.</summary>
    /// <exception cref="ChatGptAuthException">A needed refresh failed.</exception>
    public async ValueTask<AuthTokens> GetTokensAsync(CancellationToken cancellationToken)
    {
        var tokens = Current;
        if (IsStale(Volatile.Read(ref _auth)))
        {
            await RefreshAsync(tokens.AccessToken, force: false, cancellationToken).ConfigureAwait(false);
        }

        return Current;
    }

    /// <summary>After a 401 for <paramref name="rejectedAccessToken"/>: adopts newer tokens from auth.json, or refreshes.</summary>
    /// <exception cref="ChatGptAuthException">The refresh failed.</exception>
    public Task RefreshAfterUnauthorizedAsync(string rejectedAccessToken, CancellationToken cancellationToken) =>
        RefreshAsync(rejectedAccessToken, force: true, cancellationToken);

    /// <summary>Replaces every token of this session in <paramref name="text"/> with <see cref="Secret.Redacted"/>.</summary>
    public string Redact(string text)
    {
        var tokens = Current;
        foreach (var value in new[] { tokens.AccessToken, tokens.RefreshToken, tokens.IdToken })
        {
            if (value.Length >= 8 && text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Secret.Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private async Task RefreshAsync(string seenAccessToken, bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!string.Equals(Current.AccessToken, seenAccessToken, StringComparison.Ordinal))
            {
                return; // Another conversation of this session refreshed while we waited.
            }

            using var held = await _store.LockAsync(cancellationToken).ConfigureAwait(false);
            var onDisk = _store.Load();
            if (onDisk?.Tokens is not { } diskTokens || onDisk.ResolvedMode != AuthModes.ChatGpt)
            {
                throw new ChatGptAuthException(
                    $"Your ChatGPT sign-in is gone from {_store.AuthFilePath} (signed out, or replaced by an API key). {ChatGptAuthException.SignInAgain}",
                    permanent: true);
            }

            if (!string.Equals(diskTokens.AccessToken, seenAccessToken, StringComparison.Ordinal) && !IsStale(onDisk))
            {
                _logger.LogInformation("Adopting ChatGPT tokens another process refreshed");
                Volatile.Write(ref _auth, onDisk);
                return;
            }

            if (!force && !IsStale(onDisk))
            {
                Volatile.Write(ref _auth, onDisk);
                return;
            }

            // A refresh token the issuer already refused is not sent again; the answer would be the same.
            if (_permanentFailure is not null && string.Equals(_failedRefreshToken, diskTokens.RefreshToken, StringComparison.Ordinal))
            {
                throw _permanentFailure;
            }

            _logger.LogInformation("Refreshing the ChatGPT access token");
            TokenSet refreshed;
            try
            {
                refreshed = await SharedClient.RefreshAsync(OAuthEndpoints.RefreshTokenUrl(_environment), diskTokens.RefreshToken, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatGptAuthException ex) when (ex.Permanent)
            {
                _permanentFailure = ex;
                _failedRefreshToken = diskTokens.RefreshToken;
                _logger.LogWarning("Refreshing the ChatGPT access token failed: {Message}", ex.Message);
                throw;
            }

            var tokens = diskTokens with
            {
                AccessToken = refreshed.AccessToken!,
                IdToken = string.IsNullOrEmpty(refreshed.IdToken) ? diskTokens.IdToken : refreshed.IdToken,
                RefreshToken = string.IsNullOrEmpty(refreshed.RefreshToken) ? diskTokens.RefreshToken : refreshed.RefreshToken,
            };
            var updated = onDisk with { Tokens = tokens, LastRefresh = _time.GetUtcNow() };
            _store.Save(updated);
            Volatile.Write(ref _auth, updated);
            _logger.LogInformation("ChatGPT access token refreshed and saved");
        }
        catch (IOException ex)
        {
            throw new ChatGptAuthException($"Could not update {_store.AuthFilePath}: {ex.Message}", permanent: false, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsStale(AuthDotJson auth)
    {
        var now = _time.GetUtcNow();
        if (JwtClaims.TryParse(auth.Tokens?.AccessToken)?.ExpiresAt is { } expiresAt)
        {
            return expiresAt <= now + RefreshMargin;
        }

        return auth.LastRefresh is { } last && last < now - RefreshInterval;
    }
}
