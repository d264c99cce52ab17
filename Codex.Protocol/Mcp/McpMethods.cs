namespace Codex.Protocol.Mcp;

/// <summary>The MCP method and notification names this library speaks.</summary>
public static class McpMethods
{
    /// <summary>Starts the session.</summary>
    public const string Initialize = "initialize";

    /// <summary>The client's notification that initialization is done.</summary>
    public const string Initialized = "notifications/initialized";

    /// <summary>Liveness check; answered with <c>{}</c>.</summary>
    public const string Ping = "ping";

    /// <summary>Lists the server's tools.</summary>
    public const string ToolsList = "tools/list";

    /// <summary>Calls a tool.</summary>
    public const string ToolsCall = "tools/call";

    /// <summary>The server asks the user something through the client.</summary>
    public const string ElicitationCreate = "elicitation/create";

    /// <summary>Lists resources.</summary>
    public const string ResourcesList = "resources/list";

    /// <summary>Lists resource templates.</summary>
    public const string ResourcesTemplatesList = "resources/templates/list";

    /// <summary>Reads a resource.</summary>
    public const string ResourcesRead = "resources/read";

    /// <summary>Asks for <see cref="ResourcesUpdated"/> notifications about a resource.</summary>
    public const string ResourcesSubscribe = "resources/subscribe";

    /// <summary>Stops <see cref="ResourcesUpdated"/> notifications about a resource.</summary>
    public const string ResourcesUnsubscribe = "resources/unsubscribe";

    /// <summary>A subscribed resource changed.</summary>
    public const string ResourcesUpdated = "notifications/resources/updated";

    /// <summary>The server's resource list changed.</summary>
    public const string ResourcesListChanged = "notifications/resources/list_changed";

    /// <summary>Expands a prompt template.</summary>
    public const string PromptsGet = "prompts/get";

    /// <summary>Suggests values for a prompt or resource-template argument.</summary>
    public const string CompletionComplete = "completion/complete";

    /// <summary>The server asks the client's model for a message (sampling).</summary>
    public const string SamplingCreateMessage = "sampling/createMessage";

    /// <summary>Lists prompts.</summary>
    public const string PromptsList = "prompts/list";

    /// <summary>Sets the minimum level of <c>notifications/message</c>.</summary>
    public const string LoggingSetLevel = "logging/setLevel";

    /// <summary>A log message from server to client.</summary>
    public const string LoggingMessage = "notifications/message";

    /// <summary>Progress of a long-running request.</summary>
    public const string Progress = "notifications/progress";

    /// <summary>Cancels a request.</summary>
    public const string Cancelled = "notifications/cancelled";

    /// <summary>The server's tool list changed.</summary>
    public const string ToolsListChanged = "notifications/tools/list_changed";

    /// <summary>Reads a task's state.</summary>
    public const string TasksGet = "tasks/get";

    /// <summary>Waits for a task's result.</summary>
    public const string TasksResult = "tasks/result";

    /// <summary>Lists the tasks.</summary>
    public const string TasksList = "tasks/list";

    /// <summary>Cancels a task.</summary>
    public const string TasksCancel = "tasks/cancel";

    /// <summary>A task's status changed.</summary>
    public const string TasksStatus = "notifications/tasks/status";
}
