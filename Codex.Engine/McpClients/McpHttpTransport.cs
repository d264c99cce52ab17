namespace Codex.Engine.McpClients;

/// <summary>A server Codex reaches over Streamable HTTP.</summary>
public sealed record McpHttpTransport : McpServerTransport
{
    /// <summary><c>url</c>: the MCP endpoint.</summary>
    public required Uri Url { get; init; }

    /// <summary><c>bearer_token_env_var</c>: the variable whose value is sent as <c>Authorization: Bearer …</c>.</summary>
    public string? BearerTokenEnvVar { get; init; }

    /// <summary><c>http_headers</c>: headers sent as they are.</summary>
    public IReadOnlyDictionary<string, string> HttpHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary><c>env_http_headers</c>: header name to the variable holding its value.</summary>
    public IReadOnlyDictionary<string, string> EnvHttpHeaders { get; init; } = new Dictionary<string, string>();

    internal override string Fingerprint =>
        string.Join('\u0001', ["http", Url.AbsoluteUri, BearerTokenEnvVar ?? string.Empty, McpStdioTransport.Flatten(HttpHeaders), McpStdioTransport.Flatten(EnvHttpHeaders)]);
}
