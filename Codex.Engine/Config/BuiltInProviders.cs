using System.Globalization;
using System.Reflection;

namespace Codex.Engine.Config;

/// <summary>The providers every configuration has, <c>openai</c> and <c>oss</c> (spec §6.3); users cannot override them.</summary>
public static class BuiltInProviders
{
    /// <summary>Provider id of the OpenAI Responses API.</summary>
    public const string OpenAiId = "openai";

    /// <summary>Provider id of a local OpenAI-compatible server (Ollama by default).</summary>
    public const string OssId = "oss";

    /// <summary>The provider that samples the MCP client's own model (<c>sampling/createMessage</c>); no key.</summary>
    public const string McpClientId = "mcp-client";

    private const int DefaultOssPort = 11434;

    /// <summary>Both built-ins keyed by id, with environment overrides read through <paramref name="environment"/>.</summary>
    public static IReadOnlyDictionary<string, ModelProviderInfo> Create(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return new Dictionary<string, ModelProviderInfo>(StringComparer.Ordinal)
        {
            [OpenAiId] = OpenAi(environment),
            [OssId] = Oss(environment),
            [McpClientId] = new ModelProviderInfo { Name = "MCP client (sampling)", WireApi = WireApi.Chat },
        };
    }

    /// <summary>
    /// <c>openai</c>: Responses wire, <c>OPENAI_BASE_URL</c> or the public endpoint, a <c>version</c> header,
    /// organisation/project headers from the environment, OpenAI credentials.
    /// </summary>
    public static ModelProviderInfo OpenAi(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return new ModelProviderInfo
        {
            Name = "OpenAI",
            BaseUrl = NonEmpty(environment("OPENAI_BASE_URL")) ?? ModelProviderInfo.DefaultBaseUrl,
            WireApi = WireApi.Responses,
            HttpHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["version"] = CodexVersion },
            EnvHttpHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["OpenAI-Organization"] = "OPENAI_ORGANIZATION",
                ["OpenAI-Project"] = "OPENAI_PROJECT",
            },
            RequiresOpenAiAuth = true,
        };
    }

    /// <summary><c>oss</c>: Chat wire at <c>CODEX_OSS_BASE_URL</c>, else <c>http://localhost:&lt;CODEX_OSS_PORT or 11434&gt;/v1</c>.</summary>
    public static ModelProviderInfo Oss(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var baseUrl = NonEmpty(environment("CODEX_OSS_BASE_URL"));
        if (baseUrl is null)
        {
            var portText = NonEmpty(environment("CODEX_OSS_PORT"));
            var port = portText is not null && int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 65535
                ? parsed
                : DefaultOssPort;
            baseUrl = $"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}/v1";
        }

        return new ModelProviderInfo
        {
            Name = "gpt-oss",
            BaseUrl = baseUrl,
            WireApi = WireApi.Chat,
        };
    }

    /// <summary>Our version as sent in the <c>version</c> header (informational version without build metadata).</summary>
    public static string CodexVersion { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(BuiltInProviders).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? informational[..plus] : informational;
        }

        return typeof(BuiltInProviders).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
