using System.Globalization;
using System.Text;
using System.Text.Json;
using Codex.Engine.McpClients;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codex.McpServer.Cli;

/// <summary>What <c>mcp list</c> and <c>mcp get</c> print, as text or JSON, and the <c>--check</c> probe.</summary>
internal static class McpServerReport
{
    /// <summary>Whether a server started, with its tool count or the error.</summary>
    public sealed record Check(bool Started, int Tools, string? Error);

    public static async Task<IReadOnlyDictionary<string, Check>> CheckAllAsync(IReadOnlyList<McpServerConfig> servers, CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(servers.Where(s => s.Enabled).Select(async server =>
        {
            try
            {
                await using var session = await McpClientManager.StartOnceAsync(server, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
                return (server.Name, new Check(true, session.Tools.Count(t => server.IsToolEnabled(t.Name)), null));
            }
            catch (McpServerStartException ex)
            {
                return (server.Name, new Check(false, 0, ex.Message));
            }
        })).ConfigureAwait(false);
        return checks.ToDictionary(c => c.Name, c => c.Item2, StringComparer.Ordinal);
    }

    public static string ListText(IReadOnlyList<McpServerConfig> servers, IReadOnlyDictionary<string, Check>? checks)
    {
        if (servers.Count == 0)
        {
            return "No MCP servers configured yet. Try `codex-mcp-server mcp add my-tool -- my-command`.\n";
        }

        var rows = new List<string[]> { new[] { "Name", "Transport", "Command / URL", "Args", "Status" } };
        foreach (var server in servers)
        {
            var (transport, target, args) = server.Transport switch
            {
                McpStdioTransport stdio => ("stdio", stdio.Command, string.Join(' ', stdio.Args)),
                McpHttpTransport http => ("streamable_http", http.Url.ToString(), "-"),
                _ => ("?", "?", "?"),
            };
            rows.Add([server.Name, transport, target, args.Length == 0 ? "-" : args, Status(server, checks)]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public static string ListJson(IReadOnlyList<McpServerConfig> servers, IReadOnlyDictionary<string, Check>? checks) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var server in servers)
        {
            WriteServer(w, server, checks);
        }

        w.WriteEndArray();
    });

    public static string GetJson(McpServerConfig server) => Json(w => WriteServer(w, server, null));

    public static string GetText(McpServerConfig server)
    {
        var text = new StringBuilder();
        void Line(string key, string value) => text.Append("  ").Append(key).Append(": ").Append(value).Append('\n');
        text.Append(server.Name).Append('\n');
        Line("enabled", server.Enabled ? "true" : "false");
        switch (server.Transport)
        {
            case McpStdioTransport stdio:
                Line("transport", "stdio");
                Line("command", stdio.Command);
                Line("args", stdio.Args.Count == 0 ? "-" : string.Join(' ', stdio.Args));
                Line("cwd", stdio.Cwd ?? "-");
                Line("env", stdio.Env.Count == 0 ? "-" : string.Join(", ", stdio.Env.Select(p => $"{p.Key}=*****")));
                Line("env_vars", stdio.EnvVars.Count == 0 ? "-" : string.Join(", ", stdio.EnvVars));
                break;
            case McpHttpTransport http:
                Line("transport", "streamable_http");
                Line("url", http.Url.ToString());
                Line("bearer_token_env_var", http.BearerTokenEnvVar ?? "-");
                Line("http_headers", http.HttpHeaders.Count == 0 ? "-" : string.Join(", ", http.HttpHeaders.Select(p => $"{p.Key}=*****")));
                Line("env_http_headers", http.EnvHttpHeaders.Count == 0 ? "-" : string.Join(", ", http.EnvHttpHeaders.Select(p => $"{p.Key}={p.Value}")));
                break;
        }

        Line("enabled_tools", server.EnabledTools is null ? "-" : string.Join(", ", server.EnabledTools));
        Line("disabled_tools", server.DisabledTools.Count == 0 ? "-" : string.Join(", ", server.DisabledTools));
        Line("startup_timeout_sec", Seconds(server.StartupTimeout));
        Line("tool_timeout_sec", Seconds(server.ToolTimeout));
        Line("remove", $"codex-mcp-server mcp remove {server.Name}");
        return text.ToString();
    }

    private static string Status(McpServerConfig server, IReadOnlyDictionary<string, Check>? checks)
    {
        if (!server.Enabled)
        {
            return "disabled";
        }

        if (checks is null || !checks.TryGetValue(server.Name, out var check))
        {
            return "enabled";
        }

        return check.Started ? $"ok ({check.Tools} tools)" : $"failed: {check.Error}";
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    // Values of env and http_headers may be secrets: JSON names them, never prints them (as upstream masks them).
    private static void WriteServer(Utf8JsonWriter w, McpServerConfig server, IReadOnlyDictionary<string, Check>? checks)
    {
        w.WriteStartObject();
        w.WriteString("name", server.Name);
        w.WriteBoolean("enabled", server.Enabled);
        w.WriteStartObject("transport");
        switch (server.Transport)
        {
            case McpStdioTransport stdio:
                w.WriteString("type", "stdio");
                w.WriteString("command", stdio.Command);
                StringArray(w, "args", stdio.Args);
                StringArray(w, "env", stdio.Env.Keys.Order(StringComparer.Ordinal).ToList());
                StringArray(w, "env_vars", stdio.EnvVars);
                if (stdio.Cwd is { } cwd)
                {
                    w.WriteString("cwd", cwd);
                }
                else
                {
                    w.WriteNull("cwd");
                }

                break;
            case McpHttpTransport http:
                w.WriteString("type", "streamable_http");
                w.WriteString("url", http.Url.ToString());
                if (http.BearerTokenEnvVar is { } variable)
                {
                    w.WriteString("bearer_token_env_var", variable);
                }
                else
                {
                    w.WriteNull("bearer_token_env_var");
                }

                StringArray(w, "http_headers", http.HttpHeaders.Keys.Order(StringComparer.Ordinal).ToList());
                w.WriteStartObject("env_http_headers");
                foreach (var (header, envVar) in http.EnvHttpHeaders)
                {
                    w.WriteString(header, envVar);
                }

                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
        if (server.EnabledTools is { } enabled)
        {
            StringArray(w, "enabled_tools", enabled);
        }
        else
        {
            w.WriteNull("enabled_tools");
        }

        StringArray(w, "disabled_tools", server.DisabledTools);
        w.WriteNumber("startup_timeout_sec", server.StartupTimeout.TotalSeconds);
        w.WriteNumber("tool_timeout_sec", server.ToolTimeout.TotalSeconds);
        if (checks is not null && checks.TryGetValue(server.Name, out var check))
        {
            w.WriteStartObject("check");
            w.WriteBoolean("started", check.Started);
            w.WriteNumber("tools", check.Tools);
            if (check.Error is { } error)
            {
                w.WriteString("error", error);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void StringArray(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
