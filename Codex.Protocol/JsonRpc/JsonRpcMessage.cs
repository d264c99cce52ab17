using System.Text.Json;

namespace Codex.Protocol.JsonRpc;

/// <summary>
/// One JSON-RPC 2.0 message: a <see cref="JsonRpcRequest"/>, <see cref="JsonRpcNotification"/>,
/// <see cref="JsonRpcResponse"/> or <see cref="JsonRpcErrorResponse"/>. Incoming lines are
/// classified in that order (spec §1.1); <c>jsonrpc</c> may be absent on input and is always
/// written as <c>"2.0"</c>.
/// </summary>
public abstract record JsonRpcMessage
{
    /// <summary>The protocol version this library writes.</summary>
    public const string Version = "2.0";
}

/// <summary>A request: it has an id and a method, and expects a response.</summary>
public sealed record JsonRpcRequest : JsonRpcMessage
{
    /// <summary>The request id.</summary>
    public required RequestId Id { get; init; }

    /// <summary>The method name.</summary>
    public required string Method { get; init; }

    /// <summary>The parameters, when present.</summary>
    public JsonElement? Params { get; init; }
}

/// <summary>A notification: a method without an id; it gets no response.</summary>
public sealed record JsonRpcNotification : JsonRpcMessage
{
    /// <summary>The method name.</summary>
    public required string Method { get; init; }

    /// <summary>The parameters, when present.</summary>
    public JsonElement? Params { get; init; }
}

/// <summary>A successful response.</summary>
public sealed record JsonRpcResponse : JsonRpcMessage
{
    /// <summary>The id of the request this answers.</summary>
    public required RequestId Id { get; init; }

    /// <summary>The result.</summary>
    public required JsonElement Result { get; init; }
}

/// <summary>An error response. The id is null when the request's id could not be read.</summary>
public sealed record JsonRpcErrorResponse : JsonRpcMessage
{
    /// <summary>The id of the request this answers, or null.</summary>
    public RequestId? Id { get; init; }

    /// <summary>The error.</summary>
    public required JsonRpcError Error { get; init; }
}
