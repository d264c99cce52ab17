using Codex.Engine.Config;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace Codex.Engine.McpClients;

/// <summary>The SDK transport for a configured server.</summary>
internal static class McpTransportFactory
{
    public static IClientTransport Create(McpServerConfig config, Func<string, string?> environment, ILoggerFactory loggerFactory, ILogger logger) => config.Transport switch
    {
        McpStdioTransport stdio => Stdio(config.Name, stdio, environment, loggerFactory, logger),
        McpHttpTransport http => Http(config.Name, http, environment, loggerFactory),
        _ => throw new McpServerStartException($"unknown transport {config.Transport.GetType().Name}"),
    };

    private static StdioClientTransport Stdio(string name, McpStdioTransport stdio, Func<string, string?> environment, ILoggerFactory loggerFactory, ILogger logger)
    {
        // Like upstream: a small set of the variables any program needs, then the ones named in
        // env_vars, then env; never the whole environment (it holds the model provider's keys).
        var variables = StdioClientTransportOptions.GetDefaultEnvironmentVariables();
        foreach (var variable in stdio.EnvVars)
        {
            if (environment(variable) is { } value)
            {
                variables[variable] = value;
            }
        }

        foreach (var (key, value) in stdio.Env)
        {
            variables[key] = value;
        }

        if (stdio.Cwd is { } cwd && !Directory.Exists(cwd))
        {
            throw new McpServerStartException($"its cwd `{cwd}` is not an existing directory");
        }

        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = name,
                Command = stdio.Command,
                Arguments = [.. stdio.Args],
                WorkingDirectory = stdio.Cwd,
                InheritEnvironmentVariables = false,
                EnvironmentVariables = variables!,
                ShutdownTimeout = TimeSpan.FromSeconds(2),
                StandardErrorLines = line => logger.LogDebug("MCP server {Server} stderr: {Line}", name, line),
            },
            loggerFactory);
    }

    private static HttpClientTransport Http(string name, McpHttpTransport http, Func<string, string?> environment, ILoggerFactory loggerFactory)
    {
        var headers = new Dictionary<string, string>(http.HttpHeaders, StringComparer.OrdinalIgnoreCase);
        foreach (var (header, variable) in http.EnvHttpHeaders)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                headers[header] = value;
            }
        }

        if (http.BearerTokenEnvVar is { } tokenVariable)
        {
            var token = environment(tokenVariable);
            if (string.IsNullOrEmpty(token))
            {
                throw new McpServerStartException($"the environment variable `{tokenVariable}` named by bearer_token_env_var is not set");
            }

            headers["Authorization"] = "Bearer " + token;
        }

        return new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Name = name,
                Endpoint = http.Url,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = headers,
            },
            loggerFactory);
    }
}
