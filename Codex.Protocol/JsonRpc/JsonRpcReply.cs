using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Codex.Protocol.JsonRpc;

/// <summary>What a request handler answers: a typed result or an error.</summary>
public abstract class JsonRpcReply
{
    private JsonRpcReply()
    {
    }

    /// <summary>A successful result, serialized with <paramref name="typeInfo"/>.</summary>
    public static JsonRpcReply Result<T>(T value, JsonTypeInfo<T> typeInfo) => new TypedResult<T>(value, typeInfo);

    /// <summary>An error response.</summary>
    public static JsonRpcReply Error(int code, string message, JsonElement? data = null) =>
        new ErrorReply(new JsonRpcError { Code = code, Message = message, Data = data });

    internal abstract byte[] Serialize(RequestId id);

    private sealed class TypedResult<T>(T value, JsonTypeInfo<T> typeInfo) : JsonRpcReply
    {
        internal override byte[] Serialize(RequestId id) => JsonRpcMessageCodec.WriteResponse(id, value, typeInfo);
    }

    private sealed class ErrorReply(JsonRpcError error) : JsonRpcReply
    {
        internal override byte[] Serialize(RequestId id) => JsonRpcMessageCodec.WriteError(id, error);
    }
}

/// <summary>Handles one incoming request.</summary>
/// <param name="request">The request.</param>
/// <param name="cancellationToken">
/// Cancelled when the peer sends <c>notifications/cancelled</c> for this request (its response is
/// then dropped) or when the connection's input ends.
/// </param>
public delegate ValueTask<JsonRpcReply> JsonRpcRequestHandler(JsonRpcRequest request, CancellationToken cancellationToken);

/// <summary>Handles one incoming notification.</summary>
public delegate ValueTask JsonRpcNotificationHandler(JsonRpcNotification notification, CancellationToken cancellationToken);
