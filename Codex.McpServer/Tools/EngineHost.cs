using Codex.Engine;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Protocol.JsonRpc;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Tools;

/// <summary>
/// The engine behind the tools, and what every turn needs from the front end: the event sink and
/// the approval gateway of a call. The engine (and with it the OpenAI SDK and config loading) is
/// created on the first call, so none of it delays the answer to <c>initialize</c>.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly JsonRpcConnection _connection;
    private readonly ClientSession _session;
    private readonly IReadOnlyList<string> _configOverrides;

    // Made once: CreateLogger<T> formats the type's name on every call (once per tools/call before).
    private readonly ILogger<ElicitationApprovalGateway> _gatewayLogger;
    private readonly Lazy<ConversationManager> _engine;
    private readonly Lazy<Codex.Engine.Threads.ThreadCatalog> _threads = new(() => new Codex.Engine.Threads.ThreadCatalog(CodexHome.Resolve()));

    public EngineHost(JsonRpcConnection connection, ClientSession session, IReadOnlyList<string> configOverrides, ILoggerFactory loggerFactory)
    {
        _connection = connection;
        _session = session;
        _configOverrides = configOverrides;
        Subscriptions = new Resources.ResourceSubscriptions(connection, () =>
        {
            if (_threads.IsValueCreated)
            {
                _threads.Value.Invalidate();
            }
        });
        Logger = loggerFactory.CreateLogger<EngineHost>();
        _gatewayLogger = loggerFactory.CreateLogger<ElicitationApprovalGateway>();
        _engine = new Lazy<ConversationManager>(() => new ConversationManager(
            new CodexEngineOptions
            {
                CodexHome = CodexHome.Resolve(),
                ConfigOverrides = configOverrides,
                UserAgent = ServerIdentity.UserAgent(_session.Client?.ClientInfo),
                ClientModel = new Sampling.McpClientSampler(connection, session),
            },
            loggerFactory));
    }

    /// <summary>The engine, created on first use.</summary>
    public ConversationManager Engine => _engine.Value;

    /// <summary>The saved threads, for the resources and prompts; created on first use.</summary>
    public Codex.Engine.Threads.ThreadCatalog Threads => _threads.Value;

    /// <summary>The client's resource subscriptions; every call's events touch its thread.</summary>
    public Resources.ResourceSubscriptions Subscriptions { get; }

    /// <summary>
    /// The direct tools config.toml and <c>-c</c> ask for (<c>mcp_server.expose_tools</c>); none
    /// when the setting is unusable, which is logged.
    /// </summary>
    public IReadOnlyList<string> ExposedTools()
    {
        try
        {
            return new ConfigLoader(CodexHome.Resolve(), _configOverrides).LoadExposedTools(Direct.DirectTools.Names);
        }
        catch (ConfigException ex)
        {
            Logger.LogError("No direct tools are offered: {Message}", ex.Message);
            return [];
        }
    }

    /// <summary>The logger for tool-level failures.</summary>
    public ILogger Logger { get; }

    /// <summary>The sink that forwards a call's events as <c>codex/event</c> notifications.</summary>
    public EventForwarder Events(RequestId requestId, string? conversationId) => new(_connection, requestId, conversationId, Subscriptions);

    /// <summary>The gateway that asks the client to approve a call's commands and patches.</summary>
    public ElicitationApprovalGateway Gateway(RequestId requestId) =>
        new(_connection, requestId, () => _session.SupportsElicitation, _gatewayLogger);

    public async ValueTask DisposeAsync()
    {
        if (_engine.IsValueCreated)
        {
            await _engine.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
