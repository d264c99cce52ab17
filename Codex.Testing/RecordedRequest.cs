using System.Text.Json;

namespace Codex.Testing;

/// <summary>One HTTP request the scripted server received, as it arrived.</summary>
public sealed record RecordedRequest
{
    /// <summary>0-based arrival order.</summary>
    public required int Index { get; init; }

    /// <summary>HTTP method, e.g. <c>POST</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Path, e.g. <c>/v1/responses</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Query string including the leading <c>?</c>, or empty.</summary>
    public required string Query { get; init; }

    /// <summary>Headers by case-insensitive name; repeated headers are joined with <c>", "</c>.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The raw body text.</summary>
    public required string Body { get; init; }

    /// <summary>The body parsed as JSON, or null when it is not JSON.</summary>
    public JsonElement? Json { get; init; }

    /// <summary>True for <c>…/chat/completions</c>.</summary>
    public bool IsChat => Path.EndsWith("/chat/completions", StringComparison.Ordinal);

    /// <summary>
    /// The conversation the request belongs to, from the <c>conversation_id</c>/<c>session_id</c> headers
    /// (or the dashed forms newer clients send); null when absent.
    /// </summary>
    public string? ConversationKey =>
        Header("conversation_id") ?? Header("session_id") ?? Header("session-id") ?? Header("thread-id");

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
