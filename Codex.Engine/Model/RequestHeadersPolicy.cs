using System.ClientModel.Primitives;

namespace Codex.Engine.Model;

/// <summary>
/// Sets the request's headers just before the transport, so they win over anything the SDK set earlier
/// (its <c>User-Agent</c> and <c>Accept</c>). Later entries override earlier ones.
/// </summary>
internal sealed class RequestHeadersPolicy : RequestMutationPolicy
{
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;

    public RequestHeadersPolicy(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        _headers = headers;
    }

    protected override void Apply(PipelineMessage message)
    {
        foreach (var (name, value) in _headers)
        {
            message.Request.Headers.Set(name, value);
        }
    }
}
