using Codex.Engine;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.McpServer.Progress;
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

    // Made once: CreateLogger<T> formats the type's name on every call (once per tools/call before).
    private readonly ILogger<ElicitationApprovalGateway> _gatewayLogger;
    private readonly Lazy<ConversationManager> _engine;
    private readonly IReadOnlyList<string> _configOverrides;
    private readonly ILogger<ProgressReporter> _progressLogger;

    public EngineHost(JsonRpcConnection connection, ClientSession session, IReadOnlyList<string> configOverrides, ILoggerFactory loggerFactory)
    {
        _connection = connection;
        _session = session;
        Logger = loggerFactory.CreateLogger<EngineHost>();
        _gatewayLogger = loggerFactory.CreateLogger<ElicitationApprovalGateway>();
        _progressLogger = loggerFactory.CreateLogger<ProgressReporter>();
        _configOverrides = configOverrides;
        _engine = new Lazy<ConversationManager>(() => new ConversationManager(
            new CodexEngineOptions
            {
                CodexHome = CodexHome.Resolve(),
                ConfigOverrides = configOverrides,
                UserAgent = ServerIdentity.UserAgent(_session.Client?.ClientInfo),
            },
            loggerFactory));
    }

    /// <summary>The engine, created on first use.</summary>
    public ConversationManager Engine => _engine.Value;

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

        return new EventForwarder(_connection, call.RequestId, conversationId, progress);
    }

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
