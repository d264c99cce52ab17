using System.ClientModel.Primitives;
using Codex.Engine.Auth;

namespace Codex.Engine.Model;

/// <summary>
/// Adds the provider's credential to every try: <c>Authorization: Bearer &lt;key&gt;</c>, or <c>api-key: &lt;key&gt;</c>
/// for Azure endpoints; nothing when the provider has no credential (e.g. a local server). With ChatGPT tokens it
/// sends what upstream sends to the ChatGPT backend (<c>Authorization: Bearer &lt;access token&gt;</c>,
/// <c>ChatGPT-Account-ID</c>, and <c>X-OpenAI-Fedramp: true</c> for FedRAMP accounts), refreshes the access token
/// when it is about to expire, and on a 401 refreshes once and sends the request again.
/// </summary>
internal sealed class ProviderAuthenticationPolicy : AuthenticationPolicy
{
    private readonly ModelCredential _credential;
    private readonly bool _azure;

    public ProviderAuthenticationPolicy(ModelCredential credential, bool azure)
    {
        _credential = credential;
        _azure = azure;
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessAsync(message, pipeline, currentIndex).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        if (_credential.ChatGpt is not { } session)
        {
            ApplyKey(message);
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            return;
        }

        var tokens = await session.GetTokensAsync(message.CancellationToken).ConfigureAwait(false);
        ApplyChatGpt(message, session, tokens);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        if (message.Response?.Status != 401)
        {
            return;
        }

        // The 401's body is not needed (the retry's answer is what counts); drop it to free the connection.
        message.Response.Dispose();
        await session.RefreshAfterUnauthorizedAsync(tokens.AccessToken, message.CancellationToken).ConfigureAwait(false);
        ApplyChatGpt(message, session, session.Current);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private void ApplyKey(PipelineMessage message)
    {
        if (_credential.ApiKey is not { } key)
        {
            message.Request.Headers.Remove("Authorization");
            return;
        }

        if (_azure)
        {
            message.Request.Headers.Set("api-key", key.Reveal());
        }
        else
        {
            message.Request.Headers.Set("Authorization", "Bearer " + key.Reveal());
        }
    }

    private static void ApplyChatGpt(PipelineMessage message, ChatGptSession session, AuthTokens tokens)
    {
        message.Request.Headers.Set("Authorization", "Bearer " + tokens.AccessToken);
        if (session.AccountId is { Length: > 0 } accountId)
        {
            message.Request.Headers.Set("ChatGPT-Account-ID", accountId);
        }

        if (session.IsFedRamp)
        {
            message.Request.Headers.Set("X-OpenAI-Fedramp", "true");
        }
    }
}
