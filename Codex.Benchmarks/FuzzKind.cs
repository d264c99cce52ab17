namespace Codex.Benchmarks;

/// <summary>What a fuzz line tries.</summary>
public enum FuzzKind
{
    /// <summary>A valid <c>ping</c> (sometimes CRLF-terminated or without <c>jsonrpc</c>).</summary>
    Ping,

    /// <summary>Truncated objects, garbage, two objects on a line, comments, too deep nesting.</summary>
    MalformedJson,

    /// <summary>A request with bytes that are not UTF-8.</summary>
    BadUtf8,

    /// <summary>Members of the wrong JSON type, non-object messages.</summary>
    WrongTypes,

    /// <summary>Requests and notifications with methods nobody serves.</summary>
    UnknownMethod,

    /// <summary>Ids at and past the integer range, and very long string ids.</summary>
    HugeId,

    /// <summary>JSON arrays (batches, which the protocol does not have).</summary>
    Batch,

    /// <summary>Notifications the server must not answer.</summary>
    Notification,

    /// <summary>Known methods with params of the wrong shape.</summary>
    BadParams,

    /// <summary><c>tools/call</c> with arguments the tools reject.</summary>
    BadToolArguments,

    /// <summary>Responses and errors from the client to requests the server never sent.</summary>
    ClientResponse,

    /// <summary>A valid <c>codex</c> call that runs a whole turn against the scripted model.</summary>
    ValidTurn,

    /// <summary>Empty and whitespace-only lines.</summary>
    Blank,
}
