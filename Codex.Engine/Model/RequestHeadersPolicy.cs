using System.ClientModel.Primitives;

namespace Codex.Engine.Model;

/// <summary>
/// Sets the request's headers just before the transport, so they win over anything the SDK set earlier
/// (its <c>User-Agent</c> and <c>Accept</c>). Later entries override earlier ones. The SDK's own
/// <c>X-Stainless-*</c> telemetry headers are removed: upstream's client never sends them, and the
/// ChatGPT backend is to see exactly upstream's header set.
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
        List<string>? sdkHeaders = null;
        foreach (var (name, _) in message.Request.Headers)
        {
            if (name.StartsWith("X-Stainless", StringComparison.OrdinalIgnoreCase))
            {
                (sdkHeaders ??= []).Add(name);
            }
        }

        foreach (var name in sdkHeaders ?? [])
        {
            message.Request.Headers.Remove(name);
        }

        foreach (var (name, value) in _headers)
        {
            message.Request.Headers.Set(name, value);
        }
    }
}
