using System.ClientModel;
using System.ClientModel.Primitives;
using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.Engine.Model;

/// <summary>
/// What both wire clients share: SDK pipeline options (endpoint, <see cref="CodexRetryPolicy"/>, timeouts),
/// authentication, headers, sending, and the mapping of HTTP failures to <see cref="ModelException"/>.
/// </summary>
internal sealed class ModelPipeline
{
    /// <summary>Text of the context-window error (spec §9.3).</summary>
    public const string ContextWindowMessage =
        "Codex ran out of room in the model's context window. Start a new conversation or clear earlier history before retrying.";

    /// <summary>Text of an exhausted 500 on the Responses wire (spec §9.3).</summary>
    public const string HighDemandMessage = "We're currently experiencing high demand, which may cause temporary errors.";

    // The SDK's network timeout bounds the wait for response headers (per try) and each body read. The SSE
    // reader enforces the idle timeout itself and ResponseHeadersTimeoutHandler the header wait, so the SDK's
    // limit sits a little above both and never wins the race.
    private static readonly TimeSpan NetworkTimeoutMargin = TimeSpan.FromSeconds(5);
    private const int MaxErrorBodyChars = 8192;

    private readonly ModelCredential _credential;
    private readonly PipelineTransport? _transport;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _providerHeaders;

    public ModelPipeline(ModelProviderInfo provider, ModelCredential credential, ModelClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(credential);
        Provider = provider;
        _credential = credential;
        _transport = options?.Transport;
        Endpoint = NormalizeEndpoint(provider.ResolveBaseUrl());
        _providerHeaders = ResolveProviderHeaders(provider, options?.Environment ?? Environment.GetEnvironmentVariable);
    }

    public ModelProviderInfo Provider { get; }

    /// <summary>The base URL without a trailing slash; the SDK appends <c>/responses</c> or <c>/chat/completions</c>.</summary>
    public Uri Endpoint { get; }

    public AuthenticationPolicy CreateAuthenticationPolicy() => new ProviderAuthenticationPolicy(_credential, Provider.IsAzure);

    /// <summary>Applies retry policy, timeout and transport to SDK client options.</summary>
    public T Configure<T>(T options)
        where T : ClientPipelineOptions
    {
        options.RetryPolicy = new CodexRetryPolicy(Provider.RequestMaxRetries);
        options.NetworkTimeout = (Provider.StreamIdleTimeout > Provider.ResponseHeadersTimeout ? Provider.StreamIdleTimeout : Provider.ResponseHeadersTimeout) + NetworkTimeoutMargin;
        options.Transport = _transport ?? ModelHttpTransport.Shared;

        return options;
    }

    /// <summary>
    /// Options for one streaming call: no response buffering (the SSE body streams), no throwing on error
    /// statuses (we map them), the request's headers followed by the provider's, and the retry callback.
    /// </summary>
    public RequestOptions CreateRequestOptions(IEnumerable<KeyValuePair<string, string>> requestHeaders, Action<RetryNotice>? onRetry, CancellationToken cancellationToken)
    {
        var headers = new List<KeyValuePair<string, string>>(requestHeaders);
        headers.AddRange(_providerHeaders);
        var options = new RequestOptions
        {
            BufferResponse = false,
            ErrorOptions = ClientErrorBehaviors.NoThrow,
            CancellationToken = cancellationToken,
        };
        options.AddPolicy(new RequestSetupPolicy(Provider.QueryParams, onRetry), PipelinePosition.PerCall);
        options.AddPolicy(new RequestHeadersPolicy(headers), PipelinePosition.BeforeTransport);
        return options;
    }

    /// <summary>
    /// Runs an SDK protocol call; transport failures that outlived the HTTP retries become
    /// <see cref="ModelErrorKind.Connection"/>, or <see cref="ModelErrorKind.ResponseHeadersTimeout"/> when the
    /// last try got no response headers in time.
    /// </summary>
    public async Task<PipelineResponse> SendAsync(Func<Task<ClientResult>> send, CancellationToken cancellationToken)
    {
        // Scoped to this async call: every try of this request, and nothing else, gets the header deadline.
        ResponseHeadersTimeoutHandler.CurrentTimeout = Provider.ResponseHeadersTimeout;
        try
        {
            var result = await send().ConfigureAwait(false);
            return result.GetRawResponse();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ChatGptAuthException ex)
        {
            // Not an HTTP failure of the model: retrying the turn cannot help, and the message says what will.
            throw new ModelException(ModelErrorKind.Fatal, ex.Message, innerException: ex);
        }
        catch (MissingCredentialException ex)
        {
            throw new ModelException(ModelErrorKind.Fatal, ex.Message, innerException: ex);
        }
        catch (Exception ex) when (LastFailure(ex) is ResponseHeadersTimeoutException timeout && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelException(ModelErrorKind.ResponseHeadersTimeout, "Connection failed: " + timeout.Message, innerException: ex);
        }
        catch (Exception ex) when (CodexRetryPolicy.IsTransportFailure(ex))
        {
            throw new ModelException(ModelErrorKind.Connection, "Connection failed: " + Redact(DescribeTransportFailure(ex)), innerException: ex);
        }
    }

    /// <summary>Throws the mapped <see cref="ModelException"/> unless the response is a 2xx.</summary>
    public async Task EnsureSuccessAsync(PipelineResponse response, CancellationToken cancellationToken)
    {
        var status = response.Status;
        if (status is >= 200 and < 300)
        {
            return;
        }

        var body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var error = ErrorBody.Parse(body);
        var statusLine = HttpStatusText.StatusLine(status, response.ReasonPhrase);

        if (status == 429 && error.Type == "usage_limit_reached")
        {
            throw new ModelException(ModelErrorKind.UsageLimitReached, "You've hit your usage limit. Try again later.", status);
        }

        if (status == 429 && error.Type == "usage_not_included")
        {
            throw new ModelException(ModelErrorKind.UsageNotIncluded, "To use Codex with your ChatGPT plan, upgrade to Plus: https://openai.com/chatgpt/pricing.", status);
        }

        if (error.Code == "context_length_exceeded")
        {
            throw new ModelException(ModelErrorKind.ContextWindowExceeded, ContextWindowMessage, status);
        }

        if (CodexRetryPolicy.IsRetryableStatus(status))
        {
            var message = Provider.WireApi == WireApi.Responses && status == 500
                ? HighDemandMessage
                : $"exceeded retry limit, last status: {statusLine}";
            throw new ModelException(ModelErrorKind.RetryLimit, message, status, CodexRetryPolicy.ServerDelay(response));
        }

        throw new ModelException(ModelErrorKind.Fatal, $"unexpected status {statusLine}: {body}", status);
    }

    /// <summary>Removes the credential (API key or ChatGPT tokens) from any text that might echo it.</summary>
    public string Redact(string text) => _credential.Redact(text);

    private async Task<string> ReadErrorBodyAsync(PipelineResponse response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = (await response.BufferContentAsync(cancellationToken).ConfigureAwait(false)).ToString();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The status line is what matters; a body that cannot be read adds nothing.
            body = string.Empty;
        }

        body = Redact(body.Trim());
        return body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] + "…" : body;
    }

    /// <summary>The failure of the last try: the SDK wraps the failures of several tries in an <see cref="AggregateException"/>.</summary>
    private static Exception LastFailure(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: > 0 } aggregate ? LastFailure(aggregate.InnerExceptions[^1]) : exception;

    private static string DescribeTransportFailure(Exception exception) => exception switch
    {
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => DescribeTransportFailure(aggregate.InnerExceptions[^1]),
        OperationCanceledException => "timed out waiting for the response",
        _ => exception.Message,
    };

    private static Uri NormalizeEndpoint(Uri baseUrl)
    {
        var text = baseUrl.AbsoluteUri;
        return text.EndsWith('/') ? new Uri(text.TrimEnd('/')) : baseUrl;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> ResolveProviderHeaders(ModelProviderInfo provider, Func<string, string?> environment)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (provider.HttpHeaders is not null)
        {
            headers.AddRange(provider.HttpHeaders);
        }

        if (provider.EnvHttpHeaders is not null)
        {
            foreach (var (header, variable) in provider.EnvHttpHeaders)
            {
                var value = environment(variable);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    headers.Add(new KeyValuePair<string, string>(header, value.Trim()));
                }
            }
        }

        return headers;
    }
}
