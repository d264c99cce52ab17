namespace Codex.Protocol.JsonRpc;

/// <summary>Settings of a <see cref="JsonRpcConnection"/>.</summary>
public sealed record JsonRpcConnectionOptions
{
    /// <summary>The largest incoming message; a longer line is answered with an error and skipped.</summary>
    public int MaxMessageBytes { get; init; } = LineFramer.DefaultMaxLineBytes;

    /// <summary>How long an outgoing request waits for its response unless the caller says otherwise.</summary>
    public TimeSpan DefaultRequestTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
