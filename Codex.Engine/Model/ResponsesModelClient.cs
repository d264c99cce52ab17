using System.ClientModel;
using System.Runtime.CompilerServices;
using Codex.Engine.Auth;
using Codex.Engine.Config;
using OpenAI.Responses;

namespace Codex.Engine.Model;

/// <summary>
/// The Responses API client (spec §9.1): builds the exact JSON body and sends it through the OpenAI SDK's
/// protocol method <see cref="ResponsesClient.CreateResponseAsync(BinaryContent, System.ClientModel.Primitives.RequestOptions)"/>
/// with response buffering off, so the SSE body streams.
/// </summary>
public sealed class ResponsesModelClient : IModelClient
{
    private readonly ModelPipeline _pipeline;
    private readonly ResponsesClient _client;
    private readonly HistoryJsonCache _history;

    /// <summary>Creates a client for <paramref name="provider"/>; <paramref name="apiKey"/> null sends no credentials.</summary>
    public ResponsesModelClient(ModelProviderInfo provider, Secret? apiKey, ModelClientOptions? options = null)
        : this(provider, apiKey is null ? ModelCredential.None : ModelCredential.FromApiKey(apiKey), options)
    {
    }

    /// <summary>Creates a client for <paramref name="provider"/> that authenticates with <paramref name="credential"/>.</summary>
    public ResponsesModelClient(ModelProviderInfo provider, ModelCredential credential, ModelClientOptions? options = null)
    {
        _pipeline = new ModelPipeline(provider, credential, options);
        var clientOptions = _pipeline.Configure(new ResponsesClientOptions { Endpoint = _pipeline.Endpoint });
        _client = new ResponsesClient(_pipeline.CreateAuthenticationPolicy(), clientOptions);
        _history = new HistoryJsonCache(keepIds: provider.IsAzure);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ModelEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var azure = _pipeline.Provider.IsAzure;
        var requestBody = new PooledBufferWriter();
        using var content = new PooledRequestContent(requestBody);
        ResponsesRequestBody.Write(requestBody, request, azure, _history);
        var options = _pipeline.CreateRequestOptions(Headers(request), request.OnRequestRetry, cancellationToken);

        using var response = await _pipeline.SendAsync(() => _client.CreateResponseAsync(content, options), cancellationToken).ConfigureAwait(false);
        await _pipeline.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        if (RateLimitHeaders.Parse(response.Headers) is { } snapshot)
        {
            yield return new ModelEvent.RateLimits(snapshot);
        }

        var body = response.ContentStream ?? throw new ModelException(ModelErrorKind.Stream, ResponsesStreamParser.ClosedEarlyMessage);
        var events = SseEventReader.ReadAsync(body, _pipeline.Provider.StreamIdleTimeout, _pipeline.Redact, cancellationToken);
        await foreach (var modelEvent in ResponsesStreamParser.ParseAsync(events, cancellationToken).ConfigureAwait(false))
        {
            yield return modelEvent;
        }
    }

    private static List<KeyValuePair<string, string>> Headers(ModelRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("OpenAI-Beta", "responses=experimental"),
            new("Accept", "text/event-stream"),
            new("Codex-Task-Type", request.TaskType),
            new("originator", request.Originator),
        };
        if (request.ConversationId is not null)
        {
            headers.Add(new("conversation_id", request.ConversationId));
            headers.Add(new("session_id", request.ConversationId));
        }

        if (request.UserAgent is not null)
        {
            headers.Add(new("User-Agent", request.UserAgent));
        }

        if (request.ExtraHeaders is not null)
        {
            headers.AddRange(request.ExtraHeaders);
        }

        return headers;
    }
}
