using Codex.Engine.Config;
using Codex.Engine.Tools.Plan;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.Tools;

/// <summary>
/// Decides which tools a conversation offers (spec §7.1) and builds its router. Adding a tool is
/// registering its handler here.
/// </summary>
internal sealed class ToolRegistry(CodexEngineOptions options, ILoggerFactory loggerFactory)
{
    private readonly UpdatePlanHandler _updatePlan = new();

    public ToolRouter CreateRouter(CodexConfig config)
    {
        var handlers = new List<IToolHandler>();
        if (config.IncludePlanTool)
        {
            handlers.Add(_updatePlan);
        }

        _ = options;
        _ = loggerFactory;
        return new ToolRouter(handlers);
    }
}
