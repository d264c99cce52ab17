using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Codex.McpServer.Tests.McpServers;

/// <summary>
/// The test MCP server (Codex.TestMcpServer, built beside the tests) as config.toml entries, its
/// Streamable HTTP mode as a running process, and the pinned third-party server that build/test.sh installs.
/// </summary>
internal static partial class TestMcpServer
{
    /// <summary>Set by build/test.sh to the installed <c>mcp-server-everything</c>.</summary>
    public const string EverythingVariable = "CODEX_TEST_MCP_EVERYTHING";

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "codex-test-mcp-server.dll");

    /// <summary>A <c>[mcp_servers.NAME]</c> table that starts the test server on stdio, with its markers in <paramref name="markers"/>.</summary>
    /// <remarks>A generous startup timeout: a JIT-started .NET server on a busy CI machine can take seconds.</remarks>
    public static string StdioEntry(string name, string markers, string extraArgs = "", string extraKeys = "", double startupTimeoutSec = 60) => $$"""
        [mcp_servers.{{name}}]
        startup_timeout_sec = {{startupTimeoutSec.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
        command = "dotnet"
        args = ["{{DllPath}}"{{(extraArgs.Length > 0 ? $", \"{extraArgs}\"" : string.Empty)}}]
        env = { TEST_MCP_MARKERS = "{{markers}}" }
        {{extraKeys}}

        """;

    /// <summary>The third-party server's entry, or fails (in CI) / ignores (elsewhere) the test when it is not installed.</summary>
    public static string EverythingEntry(string name)
    {
        var path = Environment.GetEnvironmentVariable(EverythingVariable);
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            var message = $"{EverythingVariable} does not name the installed @modelcontextprotocol/server-everything (build/test.sh installs it with npm ci in build/mcp-servers and exports it).";
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return $$"""
            [mcp_servers.{{name}}]
            command = "node"
            args = ["{{path}}"]
            startup_timeout_sec = 30

            """;
    }

    /// <summary>Starts the test server in Streamable HTTP mode on 127.0.0.1 and returns it with its endpoint.</summary>
    public static async Task<(Process Process, string Url)> StartHttpAsync(string markers, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(DllPath);
        startInfo.ArgumentList.Add("--http");
        startInfo.Environment["TEST_MCP_MARKERS"] = markers;
        var process = Process.Start(startInfo)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (UrlLine().Match(line) is { Success: true } match)
            {
                return (process, match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("The test MCP server exited before printing its URL.");
    }

    [GeneratedRegex("^url=(http://127\\.0\\.0\\.1:\\d+/mcp)$")]
    private static partial Regex UrlLine();
}
