using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Engine.Exec;
using Codex.Engine.McpClients;
using Codex.Engine.Sandbox;
using Codex.Engine.Tools.ApplyPatch;
using Codex.Engine.Tools.Plan;
using Codex.Engine.Tools.Shell;
using Codex.Engine.Tools.UnifiedExec;
using Codex.Engine.Tools.ViewImage;
using Codex.Engine.Tools.WebSearch;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.Tools;

/// <summary>
/// Decides which tools a conversation offers (spec §7.1) and builds its router. Adding a tool is
/// registering its handler here. Order is stable across requests (it helps prompt caching).
/// </summary>
internal sealed class ToolRegistry : IAsyncDisposable
{
    private readonly ShellHandler _shell;
    private readonly ApplyPatchHandler _applyPatch = new();
    private readonly UpdatePlanHandler _updatePlan = new();
    private readonly ExecCommandHandler _execCommand;
    private readonly WriteStdinHandler _writeStdin = new();
    private readonly McpClientManager _mcpClients;
    private readonly McpToolProvider _mcpTools;
    private readonly WebSearchTool _webSearch = new();
    private readonly ViewImageHandler _viewImage = new();

    public ToolRegistry(CodexEngineOptions options, ILoggerFactory loggerFactory)
    {
        var launcher = options.SandboxLauncher ?? SandboxLauncher.ForCurrentProcess();
        var sandbox = new LinuxSandbox(launcher) { HiddenFiles = CodexHome.CredentialFiles(options.CodexHome) };
        _shell = new ShellHandler(new ProcessRunner(sandbox), _applyPatch);
        _execCommand = new ExecCommandHandler(sandbox);
        _mcpClients = new McpClientManager(options.McpElicitations, loggerFactory);
        _mcpTools = new McpToolProvider(_mcpClients, loggerFactory.CreateLogger<McpToolProvider>());
    }

    /// <summary>The router of a turn: <see cref="CreateRouter"/>'s tools, then those of the agent's MCP servers (started on first need).</summary>
    public async Task<ToolRouter> CreateRouterAsync(CodexConfig config, TurnContext context)
    {
        var router = CreateRouter(config);
        var mcp = await _mcpTools.HandlersAsync(config, context).ConfigureAwait(false);
        return mcp.Count == 0 ? router : router.With(mcp);
    }

    /// <summary>Stops the agent's MCP servers.</summary>
    public ValueTask DisposeAsync() => _mcpClients.DisposeAsync();

    public ToolRouter CreateRouter(CodexConfig config)
    {
        // Unified exec replaces `shell` (feature `unified_exec`, or families that default to it).
        var handlers = config.UnifiedExec ? new List<IToolHandler> { _execCommand, _writeStdin } : new List<IToolHandler> { _shell };
        if (config.IncludePlanTool)
        {
            handlers.Add(_updatePlan);
        }

        handlers.Add(_applyPatch);

        // Upstream's order: web_search, then view_image, after apply_patch.
        if (config.WebSearch)
        {
            handlers.Add(_webSearch);
        }

        if (config.ViewImageTool)
        {
            handlers.Add(_viewImage);
        }

        return new ToolRouter(handlers);
    }
}
