using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.Engine.Model;

/// <summary>Picks the client for a provider's wire API.</summary>
public static class ModelClientFactory
{
    /// <summary>A <see cref="ResponsesModelClient"/> or <see cref="ChatModelClient"/> for <paramref name="provider"/>.</summary>
    public static IModelClient Create(ModelProviderInfo provider, Secret? apiKey, ModelClientOptions? options = null) =>
        Create(provider, apiKey is null ? ModelCredential.None : ModelCredential.FromApiKey(apiKey), options);

    /// <summary>A client for <paramref name="provider"/> that authenticates with <paramref name="credential"/>.</summary>
    public static IModelClient Create(ModelProviderInfo provider, ModelCredential credential, ModelClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.WireApi switch
        {
            WireApi.Responses => new ResponsesModelClient(provider, credential, options),
            WireApi.Chat => new ChatModelClient(provider, credential, options),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider.WireApi, "Unknown wire API."),
        };
    }
}
