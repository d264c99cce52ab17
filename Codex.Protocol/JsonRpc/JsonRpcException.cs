using System.Text.Json;

namespace Codex.Protocol.JsonRpc;

/// <summary>
/// A JSON-RPC error: thrown by a request handler to answer with an error response, and thrown to
/// the caller of <see cref="JsonRpcConnection.SendRequestAsync"/> when the peer answers with one.
/// </summary>
public sealed class JsonRpcException : Exception
{
    /// <summary>Creates an error with a code and message.</summary>
    public JsonRpcException(int code, string message, JsonElement? data = null)
        : base(message)
    {
        Code = code;
        ErrorData = data;
    }

    /// <summary>The JSON-RPC error code.</summary>
    public int Code { get; }

    /// <summary>The optional <c>data</c> member.</summary>
    public JsonElement? ErrorData { get; }

    /// <summary>The error as it goes on the wire.</summary>
    public JsonRpcError ToError() => new() { Code = Code, Message = Message, Data = ErrorData };
}
