using System.Text.Json;
using Codex.Engine.Config;

namespace Codex.Engine.Auth;

/// <summary>
/// Finds the API key for a provider (spec §6.7, with our contract's change that the
/// <c>OPENAI_API_KEY</c> environment variable is honoured):
/// <list type="number">
/// <item><c>env_key</c> set: that variable; if it is missing or empty, a Responses provider falls back to
/// <c>auth.json</c>, otherwise the error <c>Missing environment variable: `VAR`.</c> (+ instructions).</item>
/// <item><c>requires_openai_auth</c> (the built-in <c>openai</c>): <c>OPENAI_API_KEY</c>, else the
/// <c>OPENAI_API_KEY</c> field of <c>CODEX_HOME/auth.json</c> (never on the Chat wire).</item>
/// <item>otherwise: no credentials (no <c>Authorization</c> header), as for a local server.</item>
/// </list>
/// </summary>
public sealed class CredentialResolver
{
    /// <summary>The environment variable our contract reads for OpenAI credentials.</summary>
    public const string OpenAiApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>File name of the credentials file under CODEX_HOME.</summary>
    public const string AuthFileName = "auth.json";

    private readonly string? _codexHome;
    private readonly Func<string, string?> _environment;

    /// <summary>Creates a resolver for one CODEX_HOME; <paramref name="environment"/> defaults to the process environment.</summary>
    public CredentialResolver(string? codexHome, Func<string, string?>? environment = null)
    {
        _codexHome = string.IsNullOrWhiteSpace(codexHome) ? null : codexHome;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>The key to send, or null when the provider needs none.</summary>
    /// <exception cref="MissingCredentialException">The provider needs a key and none is available.</exception>
    public Secret? Resolve(ModelProviderInfo provider)
    {
        ArgumentNullException.ThrowIfNull(provider);

        if (!string.IsNullOrWhiteSpace(provider.EnvKey))
        {
            var fromEnv = NonEmpty(_environment(provider.EnvKey));
            if (fromEnv is not null)
            {
                return new Secret(fromEnv);
            }

            if (provider.WireApi == WireApi.Responses && ReadAuthFileKey() is { } fromFile)
            {
                return fromFile;
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
            var fromEnv = NonEmpty(_environment(OpenAiApiKeyVariable));
            if (fromEnv is not null)
            {
                return new Secret(fromEnv);
            }

            if (provider.WireApi == WireApi.Responses && ReadAuthFileKey() is { } fromFile)
            {
                return fromFile;
            }

            throw new MissingCredentialException(DescribeMissingOpenAiKey(provider));
        }

        return null;
    }

    private string DescribeMissingOpenAiKey(ModelProviderInfo provider)
    {
        var authPath = AuthFilePath;
        if (provider.WireApi != WireApi.Responses || authPath is null)
        {
            return $"No API key for model provider `{provider.Name}`: set the {OpenAiApiKeyVariable} environment variable.";
        }

        var message = $"No API key for model provider `{provider.Name}`: set the {OpenAiApiKeyVariable} environment variable " +
            $"or put {{\"{OpenAiApiKeyVariable}\": \"<key>\"}} in {authPath}.";
        if (AuthFileHasOnlyTokens())
        {
            message += " ChatGPT login tokens in auth.json are not supported; an API key is required.";
        }

        return message;
    }

    private string? AuthFilePath => _codexHome is null ? null : Path.Combine(_codexHome, AuthFileName);

    private Secret? ReadAuthFileKey()
    {
        using var document = ReadAuthFile();
        if (document is null || document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return document.RootElement.TryGetProperty(OpenAiApiKeyVariable, out var key)
            && key.ValueKind == JsonValueKind.String
            && NonEmpty(key.GetString()) is { } value
                ? new Secret(value)
                : null;
    }

    private bool AuthFileHasOnlyTokens()
    {
        using var document = ReadAuthFile();
        return document is not null
            && document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("tokens", out var tokens)
            && tokens.ValueKind == JsonValueKind.Object;
    }

    private JsonDocument? ReadAuthFile()
    {
        var path = AuthFilePath;
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            // JsonException messages carry positions, not values, so the key cannot leak through them.
            throw new MissingCredentialException($"Cannot read credentials: {path} is not valid JSON ({ex.Message}).", ex);
        }
        catch (IOException ex)
        {
            throw new MissingCredentialException($"Cannot read credentials from {path}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new MissingCredentialException($"Cannot read credentials from {path}: {ex.Message}", ex);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
