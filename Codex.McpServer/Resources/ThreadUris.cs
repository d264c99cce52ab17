namespace Codex.McpServer.Resources;

/// <summary>The URIs of saved threads: <c>codex://threads/{id}</c> (transcript), <c>/diff</c> and <c>/events</c>.</summary>
internal static class ThreadUris
{
    public const string Prefix = "codex://threads/";
    public const string TranscriptMime = "text/markdown";
    public const string DiffMime = "text/x-diff";
    public const string EventsMime = "application/jsonl";

    public static string Transcript(string id) => Prefix + id;

    public static string Diff(string id) => Prefix + id + "/diff";

    public static string Events(string id) => Prefix + id + "/events";

    /// <summary>Every URI of one thread, for update notifications.</summary>
    public static IEnumerable<string> All(string id) => [Transcript(id), Diff(id), Events(id)];

    /// <summary>Splits a thread URI into its id and view; false for any other URI.</summary>
    public static bool TryParse(string uri, out string id, out ThreadView view)
    {
        id = string.Empty;
        view = ThreadView.Transcript;
        if (!uri.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = uri[Prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            switch (rest[(slash + 1)..])
            {
                case "diff":
                    view = ThreadView.Diff;
                    break;
                case "events":
                    view = ThreadView.Events;
                    break;
                default:
                    return false;
            }

            rest = rest[..slash];
        }

        id = rest;
        return rest.Length > 0;
    }
}

/// <summary>Which view of a thread a URI names.</summary>
internal enum ThreadView
{
    Transcript,
    Diff,
    Events,
}
