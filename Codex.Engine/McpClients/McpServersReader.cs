using Codex.Engine.Config;
using Codex.Engine.Config.Toml;

namespace Codex.Engine.McpClients;

/// <summary>
/// Reads the <c>[mcp_servers.*]</c> tables of the merged configuration (upstream's keys). A bad entry
/// is a <see cref="ConfigException"/> naming where it was written (file:line:col, or the override) and the key.
/// </summary>
internal static class McpServersReader
{
    private static readonly string[] StdioOnly = ["command", "args", "env", "env_vars", "cwd"];
    private static readonly string[] HttpOnly = ["url", "bearer_token_env_var", "http_headers", "env_http_headers"];

    /// <param name="merged">The merged settings.</param>
    /// <param name="where">Where the key at a path was written, for error messages.</param>
    public static IReadOnlyDictionary<string, McpServerConfig> Read(TomlTable merged, Func<IReadOnlyList<string>, string> where)
    {
        if (!merged.TryGetValue("mcp_servers", out var raw))
        {
            return new Dictionary<string, McpServerConfig>();
        }

        if (raw is not TomlTable servers)
        {
            throw new ConfigException($"{where(["mcp_servers"])}: `mcp_servers` must be a table of servers, e.g. [mcp_servers.docs].");
        }

        var result = new SortedDictionary<string, McpServerConfig>(StringComparer.Ordinal);
        foreach (var (name, value) in servers)
        {
            result[name] = ReadOne(name, value, where);
        }

        return result;
    }

    private static McpServerConfig ReadOne(string name, object value, Func<IReadOnlyList<string>, string> where)
    {
        if (value is not TomlTable entry)
        {
            throw new ConfigException($"{where(["mcp_servers", name])}: `mcp_servers.{name}` must be a table with `command` or `url`.");
        }

        TomlRead Read(string key) => new(entry, where(["mcp_servers", name, key]), $"mcp_servers.{name}.");

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ConfigException($"{where(["mcp_servers", name])}: an MCP server needs a non-empty name.");
        }

        if (entry.ContainsKey("bearer_token"))
        {
            throw new ConfigException($"{where(["mcp_servers", name, "bearer_token"])}: `mcp_servers.{name}.bearer_token` is not supported: keep the token in an environment variable and name it with `bearer_token_env_var`.");
        }

        var hasCommand = entry.ContainsKey("command");
        var hasUrl = entry.ContainsKey("url");
        if (hasCommand == hasUrl)
        {
            throw new ConfigException(hasCommand
                ? $"{where(["mcp_servers", name, "url"])}: `mcp_servers.{name}` sets both `command` (stdio) and `url` (Streamable HTTP); choose one."
                : $"{where(["mcp_servers", name])}: `mcp_servers.{name}` needs `command` (a stdio server) or `url` (a Streamable HTTP server).");
        }

        foreach (var key in hasCommand ? HttpOnly : StdioOnly)
        {
            if (entry.ContainsKey(key))
            {
                throw new ConfigException($"{where(["mcp_servers", name, key])}: `mcp_servers.{name}.{key}` is not supported for a {(hasCommand ? "stdio" : "Streamable HTTP")} server.");
            }
        }

        McpServerTransport transport;
        if (hasCommand)
        {
            var command = Read("command").String("command")!;
            if (command.Trim().Length == 0)
            {
                throw new ConfigException($"{where(["mcp_servers", name, "command"])}: `mcp_servers.{name}.command` must not be empty.");
            }

            transport = new McpStdioTransport
            {
                Command = command,
                Args = Read("args").StringList("args") ?? [],
                Env = Read("env").StringMap("env") ?? new Dictionary<string, string>(),
                EnvVars = Read("env_vars").StringList("env_vars") ?? [],
                Cwd = Read("cwd").String("cwd"),
            };
        }
        else
        {
            var url = Read("url").String("url")!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ConfigException($"{where(["mcp_servers", name, "url"])}: `mcp_servers.{name}.url` must be an http:// or https:// URL, not \"{url}\".");
            }

            transport = new McpHttpTransport
            {
                Url = uri,
                BearerTokenEnvVar = Read("bearer_token_env_var").String("bearer_token_env_var"),
                HttpHeaders = Read("http_headers").StringMap("http_headers") ?? new Dictionary<string, string>(),
                EnvHttpHeaders = Read("env_http_headers").StringMap("env_http_headers") ?? new Dictionary<string, string>(),
            };
        }

        return new McpServerConfig
        {
            Name = name,
            Transport = transport,
            Enabled = Read("enabled").Bool("enabled") ?? true,
            EnabledTools = Read("enabled_tools").StringList("enabled_tools"),
            DisabledTools = Read("disabled_tools").StringList("disabled_tools") ?? [],
            StartupTimeout = Seconds(entry, name, "startup_timeout_sec", where)
                ?? Milliseconds(entry, name, "startup_timeout_ms", where)
                ?? McpServerConfig.DefaultStartupTimeout,
            ToolTimeout = Seconds(entry, name, "tool_timeout_sec", where) ?? McpServerConfig.DefaultToolTimeout,
        };
    }

    private static TimeSpan? Seconds(TomlTable entry, string name, string key, Func<IReadOnlyList<string>, string> where)
    {
        if (!entry.TryGetValue(key, out var value))
        {
            return null;
        }

        double? seconds = value switch
        {
            long l => l,
            double d => d,
            _ => null,
        };
        return seconds is > 0 and < 86_400 * 365
            ? TimeSpan.FromSeconds(seconds.Value)
            : throw new ConfigException($"{where(["mcp_servers", name, key])}: `mcp_servers.{name}.{key}` must be a positive number of seconds, not {Describe(value)}.");
    }

    private static TimeSpan? Milliseconds(TomlTable entry, string name, string key, Func<IReadOnlyList<string>, string> where)
    {
        if (!entry.TryGetValue(key, out var value))
        {
            return null;
        }

        return value is long ms and > 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw new ConfigException($"{where(["mcp_servers", name, key])}: `mcp_servers.{name}.{key}` must be a positive number of milliseconds, not {Describe(value)}.");
    }

    private static string Describe(object value) => value switch
    {
        string s => $"the string \"{s}\"",
        long or double => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
        bool b => b ? "true" : "false",
        TomlArray => "an array",
        TomlTable => "a table",
        _ => value.GetType().Name,
    };
}
