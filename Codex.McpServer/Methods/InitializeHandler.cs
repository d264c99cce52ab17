using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Methods;

/// <summary><c>initialize</c>: records the client, negotiates the version, declares the capabilities. Once only.</summary>
internal sealed class InitializeHandler(ClientSession session, ILogger logger)
{
    private int _initialized;

    public ValueTask<JsonRpcReply> HandleAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = RequestParams.Read(request, ProtocolJsonContext.Default.InitializeRequestParams);
        if (Interlocked.CompareExchange(ref _initialized, 1, 0) != 0)
        {
            return ValueTask.FromResult(JsonRpcReply.Error(JsonRpcErrorCodes.InvalidRequest, "initialize called more than once"));
        }

        session.Initialize(parameters);
        logger.LogInformation("Initialized by {Client} {Version} (protocol {Protocol})", parameters.ClientInfo.Name, parameters.ClientInfo.Version, parameters.ProtocolVersion);
        var result = new InitializeResult
        {
            ProtocolVersion = McpProtocolVersions.Negotiate(parameters.ProtocolVersion),
            Capabilities = new ServerCapabilities
            {
                Tools = new ListChangedCapability { ListChanged = true },
                Resources = new ResourcesCapability { Subscribe = true, ListChanged = true },
                Prompts = new ListChangedCapability(),
                Completions = EmptyObject.Instance,
                Logging = EmptyObject.Instance,
                Tasks = new ServerTasksCapability
                {
                    List = EmptyObject.Instance,
                    Cancel = EmptyObject.Instance,
                    Requests = new ServerTaskRequests { Tools = new ToolTaskRequests { Call = EmptyObject.Instance } },
                },
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
}
