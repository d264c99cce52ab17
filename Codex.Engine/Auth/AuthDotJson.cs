using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Engine.Auth;

/// <summary>
/// <c>CODEX_HOME/auth.json</c> in the format the original's <c>codex login</c> writes: an auth mode, an API key,
/// ChatGPT tokens and the time of their last refresh. Fields we do not know are kept, so a save never drops what a
/// newer CLI wrote.
/// </summary>
public sealed record AuthDotJson
{
    /// <summary><c>auth_mode</c>: <c>apikey</c>, <c>chatgpt</c> or another upstream mode; omitted when null.</summary>
    [JsonPropertyName("auth_mode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthMode { get; init; }

    /// <summary><c>OPENAI_API_KEY</c>; written as <c>null</c> when absent, as upstream does.</summary>
    [JsonPropertyName("OPENAI_API_KEY")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? OpenAiApiKey { get; init; }

    /// <summary>The ChatGPT OAuth tokens.</summary>
    [JsonPropertyName("tokens")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AuthTokens? Tokens { get; init; }

    /// <summary>When the tokens were last obtained or refreshed (RFC 3339, UTC).</summary>
    [JsonPropertyName("last_refresh")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LastRefresh { get; init; }

    /// <summary>Fields this version does not know (e.g. <c>agent_identity</c>), kept as they were.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>
    /// The mode upstream resolves: the written <c>auth_mode</c>; else <c>apikey</c> when a key is present; else
    /// <c>chatgpt</c>.
    /// </summary>
    [JsonIgnore]
    public string ResolvedMode =>
        !string.IsNullOrWhiteSpace(AuthMode) ? AuthMode.Trim().ToLowerInvariant()
        : !string.IsNullOrWhiteSpace(OpenAiApiKey) ? AuthModes.ApiKey
        : AuthModes.ChatGpt;

    /// <inheritdoc/>
    public override string ToString() => $"AuthDotJson {{ AuthMode = {AuthMode}, HasApiKey = {OpenAiApiKey is not null}, HasTokens = {Tokens is not null}, LastRefresh = {LastRefresh:O} }}";
}

/// <summary>The <c>tokens</c> object of <c>auth.json</c>.</summary>
public sealed record AuthTokens
{
    /// <summary>The OpenID id token (a JWT).</summary>
    [JsonPropertyName("id_token")]
    public string IdToken { get; init; } = string.Empty;

    /// <summary>The bearer access token (a JWT).</summary>
    [JsonPropertyName("access_token")]
    public string AccessToken { get; init; } = string.Empty;

    /// <summary>The refresh token.</summary>
    [JsonPropertyName("refresh_token")]
    public string RefreshToken { get; init; } = string.Empty;

    /// <summary>The ChatGPT account (workspace) id, sent as <c>ChatGPT-Account-ID</c>.</summary>
    [JsonPropertyName("account_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? AccountId { get; init; }

    /// <inheritdoc/>
    public override string ToString() => "AuthTokens { [REDACTED] }";
}

/// <summary>The <c>auth_mode</c> values upstream writes.</summary>
public static class AuthModes
{
    /// <summary>An API key.</summary>
    public const string ApiKey = "apikey";

    /// <summary>ChatGPT OAuth tokens managed in <c>auth.json</c>.</summary>
    public const string ChatGpt = "chatgpt";
}

/// <summary>Source-generated JSON metadata for <see cref="AuthDotJson"/>, written indented like upstream's pretty JSON.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(AuthDotJson))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
