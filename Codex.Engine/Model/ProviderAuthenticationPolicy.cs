using System.ClientModel.Primitives;
using Codex.Engine.Auth;

namespace Codex.Engine.Model;

/// <summary>
/// Adds the provider's credential to every try: <c>Authorization: Bearer &lt;key&gt;</c>, or <c>api-key: &lt;key&gt;</c>
/// for Azure endpoints; nothing when the provider has no credential (e.g. a local server).
/// </summary>
internal sealed class ProviderAuthenticationPolicy : AuthenticationPolicy
{
    private readonly Secret? _key;
    private readonly bool _azure;

    public ProviderAuthenticationPolicy(Secret? key, bool azure)
    {
        _key = key;
        _azure = azure;
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
        if (_key is null)
        {
            message.Request.Headers.Remove("Authorization");
            return;
        }

        if (_azure)
        {
            message.Request.Headers.Set("api-key", _key.Reveal());
        }
        else
        {
            message.Request.Headers.Set("Authorization", "Bearer " + _key.Reveal());
        }
    }
}
