using System.Globalization;
using System.Text.Json;
using Codex.Engine.Threads;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Resources;

/// <summary>Saved threads as MCP resources: the listing, the three templates, and reading a view.</summary>
internal sealed class ThreadResources(Func<ThreadCatalog> catalog)
{
    public static IReadOnlyList<ResourceTemplate> Templates { get; } =
    [
        new()
        {
            UriTemplate = ThreadUris.Prefix + "{id}",
            Name = "thread",
            Title = "Codex thread transcript",
            Description = "A saved Codex conversation as Markdown: the user's prompts, Codex's messages, the commands with their exit codes, and the patches.",
            MimeType = ThreadUris.TranscriptMime,
        },
        new()
        {
            UriTemplate = ThreadUris.Prefix + "{id}/diff",
            Name = "thread-diff",
            Title = "Codex thread diff",
            Description = "The file changes of a saved Codex conversation, turn by turn, as a unified diff.",
            MimeType = ThreadUris.DiffMime,
        },
        new()
        {
            UriTemplate = ThreadUris.Prefix + "{id}/events",
            Name = "thread-events",
            Title = "Codex thread records",
            Description = "The raw records of a saved Codex conversation (its rollout), one JSON object per line.",
            MimeType = ThreadUris.EventsMime,
        },
    ];

    /// <exception cref="JsonRpcException">-32602 for a cursor this server did not make.</exception>
    public ListResourcesResult List(string? cursor)
    {
        ThreadPage page;
        try
        {
            page = catalog().List(cursor);
        }
        catch (FormatException ex)
        {
            throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"Invalid params for resources/list: {ex.Message}");
        }

        return new ListResourcesResult
        {
            Resources = [.. page.Threads.Select(ToResource)],
            NextCursor = page.NextCursor,
        };
    }

    /// <exception cref="JsonRpcException">-32002 when the URI names no saved thread.</exception>
    public async Task<ReadResourceResult> ReadAsync(string uri, CancellationToken cancellationToken)
    {
        if (!ThreadUris.TryParse(uri, out var id, out var view))
        {
            throw NotFound(uri, $"`{uri}` is not a Codex resource; threads are {ThreadUris.Prefix}<id>, {ThreadUris.Prefix}<id>/diff and {ThreadUris.Prefix}<id>/events.");
        }

        var threads = catalog();
        try
        {
            var (text, mime) = view switch
            {
                ThreadView.Diff => (await threads.ReadDiffAsync(id, cancellationToken).ConfigureAwait(false), ThreadUris.DiffMime),
                ThreadView.Events => (await threads.ReadEventsAsync(id, cancellationToken).ConfigureAwait(false), ThreadUris.EventsMime),
                _ => (await threads.ReadTranscriptAsync(id, cancellationToken).ConfigureAwait(false), ThreadUris.TranscriptMime),
            };
            return new ReadResourceResult { Contents = [new TextResourceContents { Uri = uri, MimeType = mime, Text = text }] };
        }
        catch (ThreadNotFoundException ex)
        {
            throw NotFound(uri, $"Resource not found: {ex.Message}");
        }
    }

    /// <summary>Whether <paramref name="uri"/> names a saved thread (for subscriptions).</summary>
    public bool Exists(string uri) => ThreadUris.TryParse(uri, out var id, out _) && catalog().Exists(id);

    public static JsonRpcException NotFound(string uri, string message) =>
        new(McpErrorCodes.ResourceNotFound, message, JsonSerializer.SerializeToElement(new ResourceUriParams { Uri = uri }, ProtocolJsonContext.Default.ResourceUriParams));

    private static Resource ToResource(SavedThread thread) => new()
    {
        Uri = ThreadUris.Transcript(thread.Id),
        Name = thread.Id,
        Title = thread.Title.Length > 0 ? thread.Title : $"Thread {thread.Id}",
        Description = $"Codex thread in {thread.Cwd} with {thread.Model}, last updated {thread.UpdatedAt.ToString("u", CultureInfo.InvariantCulture)}",
        MimeType = ThreadUris.TranscriptMime,
        Annotations = new ResourceAnnotations { LastModified = thread.UpdatedAt.ToString("O", CultureInfo.InvariantCulture) },
        Meta = new Dictionary<string, JsonElement>
        {
            ["cwd"] = JsonSerializer.SerializeToElement(thread.Cwd, ProtocolJsonContext.Default.String),
            ["model"] = JsonSerializer.SerializeToElement(thread.Model, ProtocolJsonContext.Default.String),
            ["startedAt"] = JsonSerializer.SerializeToElement(thread.StartedAt.ToString("O", CultureInfo.InvariantCulture), ProtocolJsonContext.Default.String),
        },
    };
}
