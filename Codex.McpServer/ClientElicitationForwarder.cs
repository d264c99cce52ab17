using System.Text.Json;
using Codex.Engine.McpClients;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>
/// Forwards an <c>elicitation/create</c> from one of the agent's MCP servers to our own client as an
/// <c>elicitation/create</c> of ours, and its answer back. A client without the elicitation
/// capability is never asked; an error, a timeout or a closed connection declines, with a reason.
/// </summary>
internal sealed class ClientElicitationForwarder(JsonRpcConnection connection, Func<bool> clientSupportsElicitation, ILogger logger) : IMcpElicitationForwarder
{
    public async Task<ForwardedElicitationAnswer> ForwardAsync(ForwardedElicitation request, CancellationToken cancellationToken)
    {
        if (!clientSupportsElicitation())
        {
            return ForwardedElicitationAnswer.Decline("the user's MCP client did not declare the `elicitation` capability, so Codex cannot ask the user");
        }

        var parameters = Parameters(request);
        try
        {
            var result = await connection.SendRequestAsync(McpMethods.ElicitationCreate, parameters, ProtocolJsonContext.Default.ForwardedElicitRequestParams, request.Timeout, cancellationToken).ConfigureAwait(false);
            if (result.ValueKind != JsonValueKind.Object
                || !result.TryGetProperty("action", out var action)
                || action.ValueKind != JsonValueKind.String
                || action.GetString() is not { } actionText
                || actionText is not ("accept" or "decline" or "cancel"))
            {
                return ForwardedElicitationAnswer.Decline($"the user's MCP client answered with {result.GetRawText()}, which is not an elicitation result");
            }

            JsonElement? content = result.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Object ? c.Clone() : null;
            return new ForwardedElicitationAnswer(actionText, content);
        }
        catch (JsonRpcException ex)
        {
            logger.LogWarning("The client answered a forwarded elicitation with error {Code}: {Message}", ex.Code, ex.Message);
            return ForwardedElicitationAnswer.Decline($"the user's MCP client answered with an error ({ex.Message})");
        }
        catch (TimeoutException)
        {
            return ForwardedElicitationAnswer.Decline($"no answer from the user within {request.Timeout.TotalSeconds:0.#} s");
        }
        catch (IOException)
        {
            return ForwardedElicitationAnswer.Decline("the user's MCP client disconnected");
        }
    }

    private static ForwardedElicitRequestParams Parameters(ForwardedElicitation request) => new()
    {
        Message = $"[MCP server `{request.Server}`] {request.Message}",
        RequestedSchema = request.RequestedSchema,
        ThreadId = request.ConversationId,
        CodexMcpServer = request.Server,
        CodexMcpTool = request.Tool,
    };
}
