namespace Codex.Engine.Config;

/// <summary>
/// One <c>model_providers.&lt;id&gt;</c> entry, resolved (spec §6.3). Numeric limits are validated on
/// assignment: negatives are rejected and values above 100 are capped, as the original does.
/// </summary>
public sealed record ModelProviderInfo
{
    /// <summary>The base URL used when a provider does not set one.</summary>
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    /// <summary>The largest <c>response_headers_timeout_ms</c> taken; larger values are capped to it (one hour).</summary>
    public const long MaxResponseHeadersTimeoutMs = 3_600_000;

    private const int RetryCap = 100;

    /// <summary>Display name (required). The name <c>azure</c> marks an Azure endpoint.</summary>
    public required string Name { get; init; }

    /// <summary>e.g. <c>http://localhost:8080/v1</c>; <c>/responses</c> or <c>/chat/completions</c> is appended. Null means <see cref="DefaultBaseUrl"/>.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Environment variable holding the API key, sent as a bearer token.</summary>
    public string? EnvKey { get; init; }

    /// <summary>Help text appended to the "missing environment variable" error.</summary>
    public string? EnvKeyInstructions { get; init; }

    /// <summary>Wire protocol; user-defined providers default to <see cref="WireApi.Chat"/>.</summary>
    public WireApi WireApi { get; init; } = WireApi.Chat;

    /// <summary>Appended to the request URL as <c>?k=v&amp;…</c>, not URL-encoded (e.g. Azure's <c>api-version</c>).</summary>
    public IReadOnlyDictionary<string, string>? QueryParams { get; init; }

    /// <summary>Static extra request headers.</summary>
    public IReadOnlyDictionary<string, string>? HttpHeaders { get; init; }

    /// <summary>Header name → environment variable name; sent only when the variable is non-empty.</summary>
    public IReadOnlyDictionary<string, string>? EnvHttpHeaders { get; init; }

    /// <summary>HTTP-level retries of one request (default 4, capped at 100).</summary>
    public int RequestMaxRetries
    {
        get;
        init => field = CapRetries(value, nameof(RequestMaxRetries));
    } = 4;

    /// <summary>Stream reconnect attempts per model request (default 5, capped at 100).</summary>
    public int StreamMaxRetries
    {
        get;
        init => field = CapRetries(value, nameof(StreamMaxRetries));
    } = 5;

    /// <summary>Longest wait for the next SSE event (default 300 000 ms).</summary>
    public TimeSpan StreamIdleTimeout
    {
        get;
        init => field = value > TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "stream_idle_timeout_ms must be positive.");
    } = TimeSpan.FromMilliseconds(300_000);

    /// <summary>
    /// Longest wait, per request try, from sending a request to receiving the response headers (default
    /// 60 000 ms, <c>response_headers_timeout_ms</c>). A try that times out counts as a failed request try
    /// (retried up to <see cref="RequestMaxRetries"/> times); when the last try times out too, the turn fails
    /// without stream-level retries, so a dead endpoint ends a turn after at most
    /// (1 + <see cref="RequestMaxRetries"/>) × this, plus the backoff between tries.
    /// </summary>
    public TimeSpan ResponseHeadersTimeout
    {
        get;
        init => field = value > TimeSpan.Zero
            ? (value.TotalMilliseconds > MaxResponseHeadersTimeoutMs ? TimeSpan.FromMilliseconds(MaxResponseHeadersTimeoutMs) : value)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "response_headers_timeout_ms must be positive.");
    } = TimeSpan.FromMilliseconds(60_000);

    /// <summary>Whether the provider uses OpenAI credentials (<c>OPENAI_API_KEY</c>, <c>auth.json</c>).</summary>
    public bool RequiresOpenAiAuth { get; init; }

    /// <summary>The effective base URL.</summary>
    public Uri ResolveBaseUrl()
    {
        var text = string.IsNullOrWhiteSpace(BaseUrl) ? DefaultBaseUrl : BaseUrl.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"Model provider `{Name}` has an invalid base_url `{text}`: expected an absolute http(s) URL.");
        }

        return uri;
    }

    /// <summary>
    /// True for Azure OpenAI endpoints (name <c>azure</c>, or a host under <c>azure.com</c> and similar Azure
    /// front doors): the key goes in an <c>api-key</c> header and Responses requests use <c>store: true</c>.
    /// </summary>
    public bool IsAzure
    {
        get
        {
            if (string.Equals(Name, "azure", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (string.IsNullOrWhiteSpace(BaseUrl) || !Uri.TryCreate(BaseUrl.Trim(), UriKind.Absolute, out var uri))
            {
                return false;
            }

            var host = uri.Host.ToLowerInvariant();
            return host.EndsWith(".azure.com", StringComparison.Ordinal)
                || host.EndsWith(".azure-api.net", StringComparison.Ordinal)
                || host.EndsWith(".azurefd.net", StringComparison.Ordinal)
                || host.Contains("openai.azure.", StringComparison.Ordinal)
                || host.Contains("cognitiveservices.azure.", StringComparison.Ordinal);
        }
    }

    private static int CapRetries(int value, string name) =>
        value < 0
            ? throw new ArgumentOutOfRangeException(name, value, $"{name} must not be negative.")
            : Math.Min(value, RetryCap);
}
