using System.ClientModel.Primitives;

namespace Codex.Engine.Model;

/// <summary>
/// The default HTTP transport of the model clients: one shared <see cref="SocketsHttpHandler"/> that does not
/// drain an abandoned response body. An SSE stream left early (cancellation, idle timeout) is not worth
/// reading to the end to reuse its connection; dropping it frees the server side at once.
/// </summary>
internal static class ModelHttpTransport
{
    public static PipelineTransport Shared { get; } = new HttpClientPipelineTransport(new HttpClient(new ResponseHeadersTimeoutHandler(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        MaxResponseDrainSize = 0,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    }))
    {
        // The pipeline enforces timeouts (header timeout and network timeout per try, SSE idle timeout per event).
        Timeout = Timeout.InfiniteTimeSpan,
    });
}
