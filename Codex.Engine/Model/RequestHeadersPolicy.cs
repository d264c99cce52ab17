using System.ClientModel.Primitives;

namespace Codex.Engine.Model;

/// <summary>
/// Sets the request's headers just before the transport, so they win over anything the SDK set earlier
/// (its <c>User-Agent</c> and <c>Accept</c>). Later entries override earlier ones.
/// </summary>
internal sealed class RequestHeadersPolicy : PipelinePolicy
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    public RequestHeadersPolicy(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        _headers = headers;
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private void Apply(PipelineMessage message)
    {
        foreach (var (name, value) in _headers)
        {
            message.Request.Headers.Set(name, value);
        }
    }
}
