using System.ClientModel.Primitives;
using System.Text;

namespace Codex.Engine.Model;

/// <summary>
/// Per-call policy (runs once, before the retry policy): appends the provider's query parameters to the URL
/// as <c>?k=v&amp;…</c> without URL-encoding (spec §6.3) and attaches the request's retry callback.
/// </summary>
internal sealed class RequestSetupPolicy : RequestMutationPolicy
{
    private readonly string? _query;
    private readonly Action<RetryNotice>? _onRetry;

    public RequestSetupPolicy(IReadOnlyDictionary<string, string>? queryParams, Action<RetryNotice>? onRetry)
    {
        _query = BuildQuery(queryParams);
        _onRetry = onRetry;
    }

    protected override void Apply(PipelineMessage message)
    {
        CodexRetryPolicy.SetCallback(message, _onRetry);
        if (_query is not null && message.Request.Uri is { } uri)
        {
            var text = uri.AbsoluteUri;
            var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
            message.Request.Uri = new Uri(text + separator + _query);
        }
    }

    private static string? BuildQuery(IReadOnlyDictionary<string, string>? queryParams)
    {
        if (queryParams is null || queryParams.Count == 0)
        {
            return null;
        }

        var query = new StringBuilder();
        foreach (var (key, value) in queryParams)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(key).Append('=').Append(value);
        }

        return query.ToString();
    }
}
