using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Codex.Protocol.JsonRpc;

namespace Codex.McpServer.Methods;

/// <summary>Reads a request's params; anything unreadable is <c>-32602</c> with the reason.</summary>
internal static class RequestParams
{
    public static T Read<T>(JsonRpcRequest request, JsonTypeInfo<T> typeInfo)
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
