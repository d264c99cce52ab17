namespace Codex.Protocol.Mcp;

/// <summary>The MCP protocol revisions this library understands.</summary>
public static class McpProtocolVersions
{
    /// <summary>The newest revision; answered when a client asks for one we do not know.</summary>
    public const string Latest = "2025-11-25";

    /// <summary>Every supported revision, oldest first.</summary>
    public static IReadOnlyList<string> Supported { get; } = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

    /// <summary>The version to answer: the client's when we support it, else <see cref="Latest"/>.</summary>
    public static string Negotiate(string? requested) =>
        requested is not null && Supported.Contains(requested, StringComparer.Ordinal) ? requested : Latest;
}
