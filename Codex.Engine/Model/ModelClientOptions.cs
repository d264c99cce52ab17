using System.ClientModel.Primitives;

namespace Codex.Engine.Model;

/// <summary>Optional knobs for the model clients; the defaults are what production uses.</summary>
public sealed record ModelClientOptions
{
    /// <summary>Reads environment variables (for <c>env_http_headers</c>); defaults to the process environment.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>
    /// The HTTP transport; null uses a shared transport that never drains abandoned SSE bodies and enforces
    /// <c>response_headers_timeout_ms</c> (a custom transport must bring its own header timeout).
    /// </summary>
    public PipelineTransport? Transport { get; init; }
}
