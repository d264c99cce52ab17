using System.CommandLine;
using System.Text.RegularExpressions;
using Codex.Engine.Config;
using Codex.Engine.McpClients;

namespace Codex.McpServer.Cli;

/// <summary>
/// <c>codex-mcp-server mcp add|list|get|remove</c>: manages the agent's own MCP servers in
/// CODEX_HOME/config.toml, as upstream's <c>codex mcp</c>.
/// </summary>
internal static partial class McpCommand
{
    /// <param name="overrides">The root's <c>-c key=value</c> option: <c>list</c> and <c>get</c> show the servers as a server started with the same overrides would see them.</param>
    public static Command Create(Option<string[]> overrides)
    {
        var command = new Command("mcp", "Manage the MCP servers the agent may use ([mcp_servers] in CODEX_HOME/config.toml).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List(overrides));
        command.Subcommands.Add(Get(overrides));
        command.Subcommands.Add(Remove());
        return command;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex ServerName();

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "The server's name (letters, digits, '-' and '_')." };
        var commandLine = new Argument<string[]>("command") { Description = "After `--`: the program that starts a stdio server, and its arguments.", Arity = ArgumentArity.ZeroOrMore };
        var env = new Option<string[]>("--env") { Description = "A variable for a stdio server, as KEY=VALUE. Repeatable.", Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var url = new Option<string?>("--url") { Description = "The endpoint of a Streamable HTTP server." };
        var bearer = new Option<string?>("--bearer-token-env-var") { Description = "For --url: the environment variable holding a bearer token." };
        var add = new Command("add", "Add an MCP server (or replace the one of that name).") { name, commandLine, env, url, bearer };
        add.SetAction(result => Run(() =>
        {
            var serverName = result.GetValue(name)!;
            if (!ServerName().IsMatch(serverName))
            {
                throw new UsageException($"invalid server name '{serverName}' (use letters, numbers, '-', '_')");
            }

            var argv = result.GetValue(commandLine) ?? [];
            var endpoint = result.GetValue(url);
            var entry = new List<(string, string)>();
            if (endpoint is not null)
            {
                if (argv.Length > 0 || (result.GetValue(env) ?? []).Length > 0)
                {
                    throw new UsageException("use either --url (a Streamable HTTP server) or `-- COMMAND [ARGS]...` with --env (a stdio server), not both");
                }

                if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    throw new UsageException($"--url must be an http:// or https:// URL, not '{endpoint}'");
                }

                entry.Add(("url", TomlText.String(endpoint)));
                if (result.GetValue(bearer) is { } variable)
                {
                    entry.Add(("bearer_token_env_var", TomlText.String(variable)));
                }
            }
            else
            {
                if (argv.Length == 0)
                {
                    throw new UsageException("give the server's command after `--` (e.g. mcp add docs -- npx -y docs-server), or --url for a Streamable HTTP server");
                }

                if (result.GetValue(bearer) is not null)
                {
                    throw new UsageException("--bearer-token-env-var goes with --url");
                }

                entry.Add(("command", TomlText.String(argv[0])));
                if (argv.Length > 1)
                {
                    entry.Add(("args", TomlText.Array(argv[1..])));
                }

                var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in result.GetValue(env) ?? [])
                {
                    var separator = pair.IndexOf('=', StringComparison.Ordinal);
                    if (separator <= 0)
                    {
                        throw new UsageException($"--env takes KEY=VALUE, not '{pair}'");
                    }

                    variables[pair[..separator]] = pair[(separator + 1)..];
                }

                if (variables.Count > 0)
                {
                    entry.Add(("env", TomlText.InlineTable(variables)));
                }
            }

            var file = new McpConfigFile(CodexHome.Resolve());
            file.Put(serverName, entry);
            Console.Out.WriteLine($"Added global MCP server '{serverName}'.");
            return Task.FromResult(0);
        }));
        return add;
    }

    private static Command List(Option<string[]> overrides)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var check = new Option<bool>("--check") { Description = "Start each enabled server and report whether it starts and how many tools it offers." };
        var list = new Command("list", "List the configured MCP servers.") { json, check };
        list.SetAction((result, cancellationToken) => Run(async () =>
        {
            var servers = Load(result.GetValue(overrides)).Values.ToList();
            var checks = result.GetValue(check) ? await McpServerReport.CheckAllAsync(servers, cancellationToken).ConfigureAwait(false) : null;
            Console.Out.Write(result.GetValue(json) ? McpServerReport.ListJson(servers, checks) : McpServerReport.ListText(servers, checks));
            return 0;
        }));
        return list;
    }

    private static Command Get(Option<string[]> overrides)
    {
        var name = new Argument<string>("name") { Description = "The server's name." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var get = new Command("get", "Show one configured MCP server.") { name, json };
        get.SetAction(result => Run(() =>
        {
            var serverName = result.GetValue(name)!;
            if (!Load(result.GetValue(overrides)).TryGetValue(serverName, out var server))
            {
                throw new UsageException($"No MCP server named '{serverName}' found.");
            }

            Console.Out.Write(result.GetValue(json) ? McpServerReport.GetJson(server) : McpServerReport.GetText(server));
            return Task.FromResult(0);
        }));
        return get;
    }

    private static Command Remove()
    {
        var name = new Argument<string>("name") { Description = "The server's name." };
        var remove = new Command("remove", "Remove a configured MCP server.") { name };
        remove.SetAction(result => Run(() =>
        {
            var serverName = result.GetValue(name)!;
            if (!ServerName().IsMatch(serverName))
            {
                throw new UsageException($"invalid server name '{serverName}' (use letters, numbers, '-', '_')");
            }

            var removed = new McpConfigFile(CodexHome.Resolve()).Remove(serverName);
            Console.Out.WriteLine(removed ? $"Removed global MCP server '{serverName}'." : $"No MCP server named '{serverName}' found.");
            return Task.FromResult(0);
        }));
        return remove;
    }

    private static IReadOnlyDictionary<string, McpServerConfig> Load(string[]? overrides) => new ConfigLoader(CodexHome.Resolve(), overrides ?? []).LoadMcpServers();

    /// <summary>Runs a subcommand: a usage or configuration error is one line on stderr and exit code 1.</summary>
    private static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is UsageException or ConfigException)
        {
            await Console.Error.WriteLineAsync($"Error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
