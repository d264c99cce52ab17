namespace Codex.Engine.Auth;

/// <summary>What a model request authenticates with: an API key, ChatGPT tokens, or nothing (e.g. a local server).</summary>
public sealed class ModelCredential
{
    private ModelCredential(Secret? apiKey, ChatGptSession? chatGpt)
    {
        ApiKey = apiKey;
        ChatGpt = chatGpt;
    }

    /// <summary>No credential: no <c>Authorization</c> header.</summary>
    public static ModelCredential None { get; } = new(null, null);

    /// <summary>The API key, when that is the credential.</summary>
    public Secret? ApiKey { get; }

    /// <summary>The ChatGPT session, when that is the credential.</summary>
    public ChatGptSession? ChatGpt { get; }

    /// <summary>True when there is no credential.</summary>
    public bool IsNone => ApiKey is null && ChatGpt is null;

    /// <summary>An API key credential.</summary>
    public static ModelCredential FromApiKey(Secret key) => new(key ?? throw new ArgumentNullException(nameof(key)), null);

    /// <summary>A ChatGPT credential.</summary>
    public static ModelCredential FromChatGpt(ChatGptSession session) => new(null, session ?? throw new ArgumentNullException(nameof(session)));

    /// <summary>Replaces this credential's secrets in <paramref name="text"/>.</summary>
    public string Redact(string text) => ChatGpt?.Redact(ApiKey?.RedactFrom(text) ?? text) ?? ApiKey?.RedactFrom(text) ?? text;

    /// <inheritdoc/>
    public override string ToString() => ChatGpt is not null ? "ChatGPT tokens" : ApiKey is not null ? "API key" : "none";
}
