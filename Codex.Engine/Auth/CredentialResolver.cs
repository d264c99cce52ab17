using Codex.Engine.Config;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.Auth;

/// <summary>
/// Finds the credential for a provider (spec §6.7, with our contract's change that the <c>OPENAI_API_KEY</c>
/// environment variable is honoured), in upstream's precedence:
/// <list type="number">
/// <item><c>env_key</c> set: that variable; if it is missing or empty, a Responses provider falls back to
/// <c>auth.json</c>'s key, otherwise the error <c>Missing environment variable: `VAR`.</c> (+ instructions).</item>
/// <item><c>requires_openai_auth</c> (the built-in <c>openai</c>): <c>OPENAI_API_KEY</c>; else <c>CODEX_HOME/auth.json</c>
/// by its resolved mode: <c>apikey</c> (or no mode and a key) uses its <c>OPENAI_API_KEY</c>, <c>chatgpt</c> (or no
/// mode and no key) uses its ChatGPT tokens (Responses wire only).</item>
/// <item>otherwise: no credentials (no <c>Authorization</c> header), as for a local server.</item>
/// </list>
/// One resolver shares one <see cref="ChatGptSession"/> between the conversations it serves while auth.json holds
/// the same tokens. <see cref="LoginRestrictions"/> apply to the OpenAI credentials (<c>OPENAI_API_KEY</c> and
/// auth.json), as upstream's <c>enforce_login_restrictions</c> does: a refused credential logs the user out (auth.json
/// is removed) and the error says what to do.
/// </summary>
public sealed class CredentialResolver
{
    /// <summary>The environment variable our contract reads for OpenAI credentials.</summary>
    public const string OpenAiApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>File name of the credentials file under CODEX_HOME.</summary>
    public const string AuthFileName = "auth.json";

    private readonly AuthStore? _store;
    private readonly Func<string, string?> _environment;
    private readonly ILogger? _logger;
    private readonly Lock _gate = new();
    private ChatGptSession? _session;

    /// <summary>Creates a resolver for one CODEX_HOME; <paramref name="environment"/> defaults to the process environment.</summary>
    public CredentialResolver(string? codexHome, Func<string, string?>? environment = null, ILogger? logger = null)
    {
        _logger = logger;
        _store = string.IsNullOrWhiteSpace(codexHome) ? null : new AuthStore(codexHome);
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>The credential to send; <see cref="ModelCredential.None"/> when the provider needs none.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="restrictions">The workspace policy; none when null.</param>
    /// <exception cref="MissingCredentialException">
    /// The provider needs a credential and none is available, or <paramref name="restrictions"/> refuse the one there is.
    /// </exception>
    public ModelCredential Resolve(ModelProviderInfo provider, LoginRestrictions? restrictions = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        restrictions ??= LoginRestrictions.None;

        if (!string.IsNullOrWhiteSpace(provider.EnvKey))
        {
            if (NonEmpty(_environment(provider.EnvKey)) is { } fromEnv)
            {
                return ModelCredential.FromApiKey(new Secret(fromEnv));
            }

            if (provider.WireApi == WireApi.Responses && ApiKeyOf(_store?.Load()) is { } fromFile)
            {
                RefuseIf(restrictions.RefuseApiKey(), LoginRestrictions.ApiKeyAdvice(fromEnvironment: false));
                return ModelCredential.FromApiKey(fromFile);
            }

            var message = $"Missing environment variable: `{provider.EnvKey}`.";
            if (!string.IsNullOrWhiteSpace(provider.EnvKeyInstructions))
            {
                message += " " + provider.EnvKeyInstructions.Trim();
            }

            throw new MissingCredentialException(message);
        }

        if (provider.RequiresOpenAiAuth)
        {
            if (NonEmpty(_environment(OpenAiApiKeyVariable)) is { } fromEnv)
            {
                RefuseIf(restrictions.RefuseApiKey(), LoginRestrictions.ApiKeyAdvice(fromEnvironment: true));
                return ModelCredential.FromApiKey(new Secret(fromEnv));
            }

            if (provider.WireApi == WireApi.Responses && _store?.Load() is { } auth)
            {
                if (auth.ResolvedMode == AuthModes.ApiKey && ApiKeyOf(auth) is { } fromFile)
                {
                    RefuseIf(restrictions.RefuseApiKey(), LoginRestrictions.ApiKeyAdvice(fromEnvironment: false));
                    return ModelCredential.FromApiKey(fromFile);
                }

                if (auth.ResolvedMode == AuthModes.ChatGpt && auth.Tokens is { AccessToken.Length: > 0 } tokens)
                {
                    RefuseIf(restrictions.RefuseChatGpt(tokens.IdToken), restrictions.ChatGptAdvice());
                    return ModelCredential.FromChatGpt(Session(auth));
                }
            }

            throw new MissingCredentialException(DescribeMissingOpenAiKey(provider));
        }

        return ModelCredential.None;
    }

    /// <summary>
    /// Refuses a credential as upstream does: logs out (removes auth.json, even when the refused key came from the
    /// environment) and fails with upstream's message, plus what to do instead.
    /// </summary>
    private void RefuseIf(string? violation, string advice)
    {
        if (violation is null)
        {
            return;
        }

        var message = violation + " Logging out.";
        if (_store is not null)
        {
            try
            {
                if (_store.Delete())
                {
                    _logger?.LogWarning("Removed {Path}: {Violation}", _store.AuthFilePath, violation);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                message += $" Failed to remove {_store.AuthFilePath}: {ex.Message}.";
            }
        }

        lock (_gate)
        {
            _session = null;
        }

        throw new MissingCredentialException(message + " " + advice);
    }

    private ChatGptSession Session(AuthDotJson auth)
    {
        lock (_gate)
        {
            if (_session is null || !string.Equals(_session.Current.AccessToken, auth.Tokens!.AccessToken, StringComparison.Ordinal))
            {
                _session = new ChatGptSession(_store!, auth, _environment, logger: _logger);
            }

            return _session;
        }
    }

    private string DescribeMissingOpenAiKey(ModelProviderInfo provider)
    {
        if (provider.WireApi != WireApi.Responses || _store is null)
        {
            return $"No API key for model provider `{provider.Name}`: set the {OpenAiApiKeyVariable} environment variable.";
        }

        return $"No API key for model provider `{provider.Name}`: set the {OpenAiApiKeyVariable} environment variable " +
            $"or put {{\"{OpenAiApiKeyVariable}\": \"<key>\"}} in {_store.AuthFilePath}, or sign in with ChatGPT: `codex-mcp-server login`.";
    }

    private static Secret? ApiKeyOf(AuthDotJson? auth) => NonEmpty(auth?.OpenAiApiKey) is { } key ? new Secret(key) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
