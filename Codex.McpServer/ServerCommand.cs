using System.CommandLine;
using Codex.Protocol.JsonRpc;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>The command line: <c>codex-mcp-server [-c key=value]…</c>, <c>--help</c>, <c>--version</c>.</summary>
internal static class ServerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // MCP clients almost always start the server without arguments: that needs no parser,
        // and skipping it keeps System.CommandLine off the start-up path.
        if (args.Length == 0)
        {
            return await ServeAsync([], CancellationToken.None).ConfigureAwait(false);
        }

        var overrides = new Option<string[]>("--config", "-c")
        {
            Description = "Override a config.toml setting for this server, as key=value with a dotted key and a TOML value (e.g. -c model=\"o4-mini\"). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,

            // Also after a subcommand (`mcp list -c …`), as upstream's flattened overrides are.
            Recursive = true,
        };
        var root = new RootCommand("Codex as an MCP server: speaks JSON-RPC 2.0 on stdin/stdout and offers the tools `codex` and `codex-reply` (plus `codex-status`, `codex-cancel` and `codex-approve` for long turns; set mcp_server.call_timeout_seconds, e.g. 50 for Claude Desktop, to have slow calls answer `running`). Logs go to stderr; set CODEX_LOG (or RUST_LOG) to trace|debug|info|warn|error.")
        {
            overrides,
        };
        root.SetAction((result, cancellationToken) => ServeAsync(result.GetValue(overrides) ?? [], cancellationToken));
        root.Subcommands.Add(Cli.LoginCommand.Create(overrides));
        root.Subcommands.Add(Cli.LogoutCommand.Create());
        root.Subcommands.Add(Cli.McpCommand.Create(overrides));
        var parsed = root.Parse(args);

        // A bad command line must not put help text on stdout, where an MCP client expects protocol.
        var invocation = new InvocationConfiguration { Output = parsed.Errors.Count > 0 ? Console.Error : Console.Out };
        return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
    }

    private static async Task<int> ServeAsync(string[] configOverrides, CancellationToken cancellationToken)
    {
        var stdin = Console.OpenStandardInput();
        var stdout = Console.OpenStandardOutput();

        // Only protocol may reach stdout: anything written through Console goes to stderr instead.
        Console.SetOut(Console.Error);

        var clientLog = new McpClientLogSink();
        var level = LogLevels.FromEnvironment();
        using var loggerFactory = new DeferredLoggerFactory(
            level,
            () => LoggerFactory.Create(builder =>
            {
                builder.SetMinimumLevel(LogLevel.Trace);
                builder.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, level);
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                });
                builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                builder.AddProvider(clientLog);
            }),
            clientLog.IsEnabled);

        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteLineAsync(
                "codex-mcp-server is waiting for an MCP client on stdin (JSON-RPC, one message per line). Register it in your MCP client, or try it with: npx @modelcontextprotocol/inspector codex-mcp-server").ConfigureAwait(false);
        }

        var connection = new JsonRpcConnection(stdin, stdout, logger: loggerFactory.CreateLogger<JsonRpcConnection>());
        clientLog.Attach(connection);
        var session = new ClientSession();
        await using var host = new Codex.McpServer.Tools.EngineHost(connection, session, configOverrides, loggerFactory);
        McpServer.Register(connection, session, host, McpServer.CreateTools(host), clientLog, loggerFactory);

        await connection.RunAsync(cancellationToken).ConfigureAwait(false);

        // stdin closed: running turns are cancelled through the connection (their commands are
        // killed), and so are the turns no request waits on; give them a moment to finish writing, then exit.
        await Task.WhenAll(
            connection.WhenIdleAsync(TimeSpan.FromMilliseconds(700)),
            host.Turns.CancelAllAsync(TimeSpan.FromMilliseconds(700))).ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
        return 0;
    }
}
