using System.ClientModel;
using System.Runtime.CompilerServices;
using Codex.Engine.Auth;
using Codex.Engine.Config;
using OpenAI;
using OpenAI.Chat;

namespace Codex.Engine.Model;

/// <summary>
/// The Chat Completions client (spec §9.2): maps the history to messages, sends the exact JSON body through
/// the OpenAI SDK's protocol method <see cref="ChatClient.CompleteChatAsync(BinaryContent, System.ClientModel.Primitives.RequestOptions)"/>
/// with response buffering off, and parses the streamed chunks.
/// </summary>
public sealed class ChatModelClient : IModelClient
{
    // The SDK's ChatClient wants a model name; protocol calls send the body's "model" instead.
    private const string PlaceholderModel = "codex";

    private readonly ModelPipeline _pipeline;
    private readonly ChatClient _client;

    /// <summary>Creates a client for <paramref name="provider"/>; <paramref name="apiKey"/> null sends no credentials.</summary>
    public ChatModelClient(ModelProviderInfo provider, Secret? apiKey, ModelClientOptions? options = null)
        : this(provider, apiKey is null ? ModelCredential.None : ModelCredential.FromApiKey(apiKey), options)
    {
    }

    /// <summary>Creates a client for <paramref name="provider"/> that authenticates with <paramref name="credential"/>.</summary>
    public ChatModelClient(ModelProviderInfo provider, ModelCredential credential, ModelClientOptions? options = null)
    {
        _pipeline = new ModelPipeline(provider, credential, options);
        var clientOptions = _pipeline.Configure(new OpenAIClientOptions { Endpoint = _pipeline.Endpoint });
        _client = new ChatClient(PlaceholderModel, _pipeline.CreateAuthenticationPolicy(), clientOptions);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ModelEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestBody = new PooledBufferWriter();
        using var content = new PooledRequestContent(requestBody);
        ChatRequestBody.Write(requestBody, request);
        var options = _pipeline.CreateRequestOptions(Headers(request), request.OnRequestRetry, cancellationToken);

        using var response = await _pipeline.SendAsync(() => _client.CompleteChatAsync(content, options), cancellationToken).ConfigureAwait(false);
        await _pipeline.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        var body = response.ContentStream ?? throw new ModelException(ModelErrorKind.Stream, ChatStreamParser.ClosedEarlyMessage);
        var events = SseEventReader.ReadAsync(body, _pipeline.Provider.StreamIdleTimeout, _pipeline.Redact, cancellationToken);
        await foreach (var modelEvent in ChatStreamParser.ParseAsync(events, cancellationToken).ConfigureAwait(false))
        {
            yield return modelEvent;
        }
    }

    private static List<KeyValuePair<string, string>> Headers(ModelRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Accept", "text/event-stream"),
            new("originator", request.Originator),
        };
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
