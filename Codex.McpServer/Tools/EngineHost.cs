using Codex.Engine;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.McpServer.Turns;
using Codex.McpServer.Progress;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
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
    private readonly Lazy<ConfigLoader> _serverConfig;
    private readonly ILogger<ProgressReporter> _progressLogger;
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
        _serverConfig = new Lazy<ConfigLoader>(() => new ConfigLoader(CodexHome.Resolve(), configOverrides));
        _progressLogger = loggerFactory.CreateLogger<ProgressReporter>();
        _engine = new Lazy<ConversationManager>(() => new ConversationManager(
            new CodexEngineOptions
            {
                CodexHome = CodexHome.Resolve(),
                ConfigOverrides = configOverrides,
                UserAgent = ServerIdentity.UserAgent(_session.Client?.ClientInfo),
                McpElicitations = new ClientElicitationForwarder(connection, () => _session.SupportsElicitation, loggerFactory.CreateLogger<ClientElicitationForwarder>()),
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

    /// <summary>
    /// The sink that forwards a call's events as <c>codex/event</c> notifications and, when the
    /// call carries <c>_meta.progressToken</c>, as <c>notifications/progress</c>, which stop
    /// before the call's response.
    /// </summary>
    /// <exception cref="ConfigException"><c>mcp_server.progress_heartbeat_seconds</c> is bad (read per call, as config.toml is).</exception>
    public EventForwarder Events(ToolCallContext call, string? conversationId)
    {
        ProgressReporter? progress = null;
        if (ProgressReporter.TryGetToken(call.Params.Meta, out var token))
        {
            var settings = ProgressSettings.From(new ConfigLoader(CodexHome.Resolve(), _configOverrides).ReadValues());
            progress = new ProgressReporter(_connection, token, settings, _progressLogger);
            call.BeforeResponse(progress.CompleteAsync);
        }

        return new EventForwarder(_connection, call.RequestId, conversationId, Subscriptions, progress);
    }

    /// <summary>The sink that forwards the events of a call that reports no progress (the direct tools).</summary>
    public EventForwarder Events(RequestId requestId, string? conversationId) => new(_connection, requestId, conversationId, Subscriptions);

    /// <summary>The gateway that asks the client to approve a call's commands and patches.</summary>
    public ElicitationApprovalGateway Gateway(RequestId requestId) =>
        new(_connection, requestId, () => _session.SupportsElicitation, _gatewayLogger);

    /// <summary>Every turn of this process by conversation, for the long-turn tools.</summary>
    public TurnRegistry Turns { get; } = new();

    /// <summary><c>mcp_server.call_timeout_seconds</c>, read on each call so config.toml edits apply.</summary>
    /// <exception cref="ConfigException">The value or the file is bad.</exception>
    public TimeSpan? CallTimeout() => _serverConfig.Value.LoadCallTimeout();

    /// <summary>
    /// Starts a turn that owns its cancellation: its events go out under <paramref name="requestId"/>
    /// even after that request has been answered, and its approvals park in its inbox once no
    /// request waits on it.
    /// </summary>
    /// <exception cref="ConfigException"><c>mcp_server.progress_heartbeat_seconds</c> is bad (only for a call that is not a task); nothing was started.</exception>
    public RunningTurn StartTurn(TurnWork work, string? threadId, bool detached, ToolCallContext call, string? taskId)
    {
        // First, as it may throw: a bad progress setting fails the call before any turn exists. A task's call is
        // answered at once (CreateTaskResult), so its token would be over before the first step: no progress for it.
        var forwarder = taskId is null ? Events(call, threadId) : Events(call.RequestId, threadId);
        var requestId = call.RequestId;
        var turn = new RunningTurn(requestId, threadId, detached, taskId);
        if (threadId is not null)
        {
            Turns.Register(threadId, turn);
        }

        var events = new TurnProgressSink(forwarder, turn, Turns);
        var parked = new ElicitationApprovalGateway(_connection, requestId, () => _session.SupportsElicitation, _gatewayLogger)
        {
            Meta = taskId is null ? null : new RequestMeta { RelatedTask = new RelatedTask { TaskId = taskId } },
            ReportUnanswered = true,
        };
        var approvals = new InboxApprovalGateway(turn, Gateway(requestId), parked, () => _session.SupportsElicitation);
        turn.Start(cancellationToken => work(events, approvals, cancellationToken), Logger);
        return turn;
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine.IsValueCreated)
        {
            await _engine.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
