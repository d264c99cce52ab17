using Codex.McpServer.Methods;
using Codex.McpServer.Tasks;
using Codex.McpServer.Tools;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>
/// The MCP method table: each method maps to a small handler in <c>Methods/</c>. Requests before
/// <c>initialize</c> are served (spec §1.3: no gating); bad params get <c>-32602</c>, unknown
/// methods <c>-32601</c>.
/// </summary>
internal static class McpServer
{
    /// <summary>The empty result <c>{}</c>.</summary>
    public static JsonRpcReply Empty { get; } = JsonRpcReply.Result(EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject);

    /// <summary>The tools, in listing order.</summary>
    public static ToolTable CreateTools(EngineHost host) => new(
    [
        new CodexTool(host),
        new CodexReplyTool(host),
        new CodexStatusTool(host),
        new CodexCancelTool(host),
        new CodexApproveTool(host),
    ], () => Tools.Direct.DirectTools.Create(host, host.ExposedTools()));

    public static void Register(JsonRpcConnection connection, ClientSession session, EngineHost host, ToolTable tools, McpClientLogSink clientLog, ILoggerFactory loggerFactory)
    {
        var initialize = new InitializeHandler(session, loggerFactory.CreateLogger<InitializeHandler>());
        var taskStore = new TaskStore(connection, loggerFactory.CreateLogger<TaskStore>());
        var toolsHandler = new ToolsHandler(tools, host, taskStore);
        var tasks = new TasksHandler(taskStore);
        var resources = new ResourcesHandler(new Resources.ThreadResources(() => host.Threads), host.Subscriptions);
        var prompts = new PromptsHandler(new Prompts.PromptCatalog(() => host.Threads));
        var completion = new CompletionHandler(new Prompts.ArgumentCompleter(() => host.Threads));
        var logging = new LoggingHandler(clientLog);

        connection.AddRequestHandler(McpMethods.Initialize, initialize.HandleAsync, ordered: true);
        connection.AddRequestHandler(McpMethods.Ping, (_, _) => ValueTask.FromResult(Empty));
        connection.AddRequestHandler(McpMethods.ToolsList, toolsHandler.ListAsync);
        connection.AddRequestHandler(McpMethods.ToolsCall, toolsHandler.CallAsync);
        connection.AddRequestHandler(McpMethods.ResourcesList, resources.ListAsync);
        connection.AddRequestHandler(McpMethods.ResourcesTemplatesList, resources.ListTemplatesAsync);
        connection.AddRequestHandler(McpMethods.ResourcesRead, resources.ReadAsync);
        connection.AddRequestHandler(McpMethods.ResourcesSubscribe, resources.SubscribeAsync);
        connection.AddRequestHandler(McpMethods.ResourcesUnsubscribe, resources.UnsubscribeAsync);
        connection.AddRequestHandler(McpMethods.PromptsList, prompts.ListAsync);
        connection.AddRequestHandler(McpMethods.PromptsGet, prompts.GetAsync);
        connection.AddRequestHandler(McpMethods.CompletionComplete, completion.CompleteAsync);
        connection.AddRequestHandler(McpMethods.LoggingSetLevel, logging.SetLevelAsync);
        connection.AddRequestHandler(McpMethods.TasksGet, tasks.GetAsync);
        connection.AddRequestHandler(McpMethods.TasksResult, tasks.ResultAsync);
        connection.AddRequestHandler(McpMethods.TasksList, tasks.ListAsync);
        connection.AddRequestHandler(McpMethods.TasksCancel, tasks.CancelAsync);
        connection.AddNotificationHandler(McpMethods.Initialized, (_, _) => ValueTask.CompletedTask);
    }
}
