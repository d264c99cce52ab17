using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.Engine.Config;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Codex.Engine.McpClients;

/// <summary>
/// A started agent MCP server: its SDK client, its tools as listed at start-up, and the calls in
/// flight (so an elicitation it sends can be attributed and forwarded). Disposing stops it; for a
/// stdio server that ends the child process.
/// </summary>
public sealed class McpServerSession : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<McpCallScope> _calls = [];
    private readonly IMcpElicitationForwarder? _elicitations;
    private readonly ILogger _logger;
    private McpClient? _client;

    private McpServerSession(McpServerConfig config, IMcpElicitationForwarder? elicitations, ILogger logger)
    {
        Config = config;
        _elicitations = elicitations;
        _logger = logger;
    }

    /// <summary>The configuration it was started with.</summary>
    public McpServerConfig Config { get; }

    /// <summary>Every tool the server listed (before <c>enabled_tools</c>/<c>disabled_tools</c>).</summary>
    public IReadOnlyList<Tool> Tools { get; private set; } = [];

    /// <summary>Whether the server declared the resources capability.</summary>
    public bool HasResources => _client?.ServerCapabilities.Resources is not null;

    internal McpClient Client => _client ?? throw new InvalidOperationException("The MCP server is not started.");

    /// <summary>Starts the server, initializes the session and lists its tools.</summary>
    /// <exception cref="McpServerStartException">It could not be started or listed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    public static async Task<McpServerSession> StartAsync(
        McpServerConfig config,
        IMcpElicitationForwarder? elicitations,
        Func<string, string?> environment,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<McpServerSession>();
        var session = new McpServerSession(config, elicitations, logger);
        try
        {
            var transport = McpTransportFactory.Create(config, environment, loggerFactory, logger);
            var options = new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "codex-mcp-client", Version = BuiltInProviders.CodexVersion },
                // The caller's token enforces startup_timeout_sec; the SDK's own limit only backs it up.
                InitializationTimeout = config.StartupTimeout + TimeSpan.FromSeconds(5),
                Handlers = new McpClientHandlers { ElicitationHandler = session.OnElicitAsync },
            };
            session._client = await McpClient.CreateAsync(transport, options, loggerFactory, cancellationToken).ConfigureAwait(false);
            session.Tools = await session.ListToolsAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("MCP server {Server} started with {Count} tools", config.Name, session.Tools.Count);
            return session;
        }
        catch (Exception ex)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            if (ex is OperationCanceledException or McpServerStartException)
            {
                throw;
            }

            if (ex is TimeoutException)
            {
                throw new McpServerStartException($"it did not start within {config.StartupTimeout.TotalSeconds:0.###} s (startup_timeout_sec)", ex);
            }

            throw new McpServerStartException(Describe(ex), ex);
        }
    }

    /// <summary>Marks a call in flight until the result is disposed.</summary>
    internal IDisposable EnterCall(McpCallScope scope)
    {
        lock (_gate)
        {
            _calls.Add(scope);
        }

        return new CallExit(this, scope);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var client = Interlocked.Exchange(ref _client, null);
        if (client is not null)
        {
            try
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogDebug(ex, "Stopping MCP server {Server} failed", Config.Name);
            }
        }
    }

    private static string Describe(Exception ex)
    {
        // The SDK wraps the cause (a process that exited, a refused connection); its innermost message says most.
        var inner = ex;
        while (inner.InnerException is not null && inner is not McpServerStartException)
        {
            inner = inner.InnerException;
        }

        return inner == ex ? ex.Message : $"{ex.Message} ({inner.Message})";
    }

    private async Task<List<Tool>> ListToolsAsync(CancellationToken cancellationToken)
    {
        var tools = new List<Tool>();
        string? cursor = null;
        do
        {
            var page = await Client.ListToolsAsync(new ListToolsRequestParams { Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            tools.AddRange(page.Tools);
            cursor = page.NextCursor;
        }
        while (!string.IsNullOrEmpty(cursor) && tools.Count < 10_000);

        return tools;
    }

    private async ValueTask<ElicitResult> OnElicitAsync(ElicitRequestParams? request, CancellationToken cancellationToken)
    {
        McpCallScope? scope;
        lock (_gate)
        {
            scope = McpCallScope.Attribute(_calls);
        }

        if (request is null)
        {
            return Declined("the elicitation request had no parameters");
        }

        if (string.Equals(request.Mode, "url", StringComparison.Ordinal))
        {
            return Declined("Codex does not forward URL-mode elicitations");
        }

        if (_elicitations is null)
        {
            return Declined("Codex has no user to ask: its host does not forward elicitations");
        }

        var schema = request.RequestedSchema is { } requested ? McpJson.ToElement(requested) : McpJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteEndObject();
            w.WriteEndObject();
        });
        var answer = await _elicitations.ForwardAsync(
            new ForwardedElicitation(Config.Name, scope?.ConversationId, scope?.Tool, request.Message ?? string.Empty, schema, scope?.Timeout ?? McpCallScope.DefaultTimeout),
            cancellationToken).ConfigureAwait(false);
        if (answer.Reason is { } reason)
        {
            _logger.LogInformation("Elicitation from MCP server {Server} declined: {Reason}", Config.Name, reason);
            return Declined(reason);
        }

        var result = new ElicitResult { Action = answer.Action };
        if (answer.Action == "accept" && answer.Content is { ValueKind: JsonValueKind.Object } content)
        {
            result.Content = content.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        }

        return result;
    }

    private static ElicitResult Declined(string reason) => new()
    {
        Action = "decline",
        Meta = new JsonObject { ["reason"] = reason },
    };

    private sealed class CallExit(McpServerSession session, McpCallScope scope) : IDisposable
    {
        public void Dispose()
        {
            lock (session._gate)
            {
                session._calls.Remove(scope);
            }
        }
    }
}
