using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Engine.Tools;
using Codex.Protocol;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.McpClients;

/// <summary>
/// The MCP tools of a turn: starts (or reuses) the enabled servers of its configuration in parallel,
/// reports each one that fails as a <c>background_event</c> and a warning without failing the turn,
/// and returns a handler per enabled tool, sorted by name, plus the resource tools when any server
/// has resources.
/// </summary>
internal sealed class McpToolProvider(McpClientManager manager, ILogger logger)
{
    private readonly McpApprovals _approvals = new();

    public async Task<IReadOnlyList<IToolHandler>> HandlersAsync(CodexConfig config, TurnContext context)
    {
        var servers = config.McpServers.Values.Where(s => s.Enabled).ToList();
        if (servers.Count == 0)
        {
            return [];
        }

        var starts = servers.Select(async server =>
        {
            try
            {
                return (server, Session: await manager.GetAsync(server).WaitAsync(context.CancellationToken).ConfigureAwait(false), Error: (string?)null);
            }
            catch (McpServerStartException ex)
            {
                return (server, Session: (McpServerSession?)null, Error: ex.Message);
            }
        }).ToList();
        var results = await Task.WhenAll(starts).ConfigureAwait(false);

        var sessions = new List<McpServerSession>();
        foreach (var (server, session, error) in results)
        {
            if (session is null)
            {
                logger.LogWarning("MCP server {Server} failed to start: {Error}", server.Name, error);
                context.Emit(new BackgroundEvent { Message = $"MCP client for `{server.Name}` failed to start: {error}" });
            }
            else
            {
                sessions.Add(session);
            }
        }

        var handlers = new SortedDictionary<string, IToolHandler>(StringComparer.Ordinal);
        foreach (var session in sessions)
        {
            foreach (var tool in session.Tools.Where(t => session.Config.IsToolEnabled(t.Name)))
            {
                var name = McpToolNames.Qualify(session.Config.Name, tool.Name);
                if (!handlers.TryAdd(name, new McpToolHandler(session, tool, name, _approvals, logger)))
                {
                    logger.LogWarning("Skipping MCP tool {Tool} of {Server}: its name {Name} is taken", tool.Name, session.Config.Name, name);
                }
            }
        }

        var result = new List<IToolHandler>(handlers.Values);
        var withResources = sessions.Where(s => s.HasResources).ToList();
        if (withResources.Count > 0)
        {
            result.Add(new ListMcpResourcesTool(withResources));
            result.Add(new ListMcpResourceTemplatesTool(withResources));
            result.Add(new ReadMcpResourceTool(withResources));
        }

        return result;
    }
}
