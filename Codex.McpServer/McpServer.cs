using System.Text.Json;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>
/// The MCP method table: <c>initialize</c>, <c>ping</c>, <c>tools/*</c>, <c>resources/*</c>,
/// <c>prompts/list</c> and <c>logging/setLevel</c>. Requests before <c>initialize</c> are
/// served (spec §1.3: no gating); bad params get <c>-32602</c>, unknown methods <c>-32601</c>.
/// </summary>
internal sealed class McpServer
{
    private readonly JsonRpcConnection _connection;
    private readonly CodexTools _tools;
    private readonly McpClientLogSink _clientLog;
    private readonly ILogger _logger;
    private int _initialized;

    public McpServer(JsonRpcConnection connection, CodexTools tools, McpClientLogSink clientLog, ILogger<McpServer> logger)
    {
        _connection = connection;
        _tools = tools;
        _clientLog = clientLog;
        _logger = logger;

        connection.AddRequestHandler(McpMethods.Initialize, InitializeAsync, ordered: true);
        connection.AddRequestHandler(McpMethods.Ping, (_, _) => ValueTask.FromResult(Empty));
        connection.AddRequestHandler(McpMethods.ToolsList, ListToolsAsync);
        connection.AddRequestHandler(McpMethods.ToolsCall, CallToolAsync);
        connection.AddRequestHandler(McpMethods.ResourcesList, (_, _) => ValueTask.FromResult(
            JsonRpcReply.Result(new ListResourcesResult { Resources = [] }, ProtocolJsonContext.Default.ListResourcesResult)));
        connection.AddRequestHandler(McpMethods.ResourcesTemplatesList, (_, _) => ValueTask.FromResult(
            JsonRpcReply.Result(new ListResourceTemplatesResult { ResourceTemplates = [] }, ProtocolJsonContext.Default.ListResourceTemplatesResult)));
        connection.AddRequestHandler(McpMethods.PromptsList, (_, _) => ValueTask.FromResult(
            JsonRpcReply.Result(new ListPromptsResult { Prompts = [] }, ProtocolJsonContext.Default.ListPromptsResult)));
        connection.AddRequestHandler(McpMethods.LoggingSetLevel, SetLevelAsync);
        connection.AddNotificationHandler(McpMethods.Initialized, (_, _) => ValueTask.CompletedTask);
    }

    private static JsonRpcReply Empty { get; } = JsonRpcReply.Result(EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject);

    private ValueTask<JsonRpcReply> InitializeAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = ReadParams(request, ProtocolJsonContext.Default.InitializeRequestParams);
        if (Interlocked.CompareExchange(ref _initialized, 1, 0) != 0)
        {
            return ValueTask.FromResult(JsonRpcReply.Error(JsonRpcErrorCodes.InvalidRequest, "initialize called more than once"));
        }

        _tools.SetClient(parameters);
        _logger.LogInformation("Initialized by {Client} {Version} (protocol {Protocol})", parameters.ClientInfo.Name, parameters.ClientInfo.Version, parameters.ProtocolVersion);
        var result = new InitializeResult
        {
            ProtocolVersion = McpProtocolVersions.Negotiate(parameters.ProtocolVersion),
            Capabilities = new ServerCapabilities
            {
                Tools = new ListChangedCapability { ListChanged = true },
                Resources = new ResourcesCapability(),
                Prompts = new ListChangedCapability(),
                Logging = EmptyObject.Instance,
            },
            ServerInfo = new Implementation
            {
                Name = ServerIdentity.Name,
                Title = ServerIdentity.Title,
                Version = ServerIdentity.Version,
                UserAgent = ServerIdentity.UserAgent(parameters.ClientInfo),
            },
        };
        return ValueTask.FromResult(JsonRpcReply.Result(result, ProtocolJsonContext.Default.InitializeResult));
    }

    private ValueTask<JsonRpcReply> ListToolsAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(new ListToolsResult { Tools = CodexTools.Definitions }, ProtocolJsonContext.Default.ListToolsResult));

    private async ValueTask<JsonRpcReply> CallToolAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = ReadParams(request, ProtocolJsonContext.Default.CallToolRequestParams);
        var result = await _tools.CallAsync(request.Id, parameters, cancellationToken).ConfigureAwait(false);
        return JsonRpcReply.Result(result, ProtocolJsonContext.Default.CallToolResult);
    }

    private ValueTask<JsonRpcReply> SetLevelAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = ReadParams(request, ProtocolJsonContext.Default.SetLevelRequestParams);
        _clientLog.MinimumLevel = parameters.Level;
        return ValueTask.FromResult(Empty);
    }

    private static T ReadParams<T>(JsonRpcRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        if (request.Params is not { ValueKind: JsonValueKind.Object } parameters)
        {
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"Invalid params for {request.Method}: expected an object.");
        }

        try
        {
            return parameters.Deserialize(typeInfo)
                ?? throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"Invalid params for {request.Method}.");
        }
        catch (JsonException ex)
        {
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"Invalid params for {request.Method}: {ex.Message}");
        }
    }
}
