namespace Codex.Engine.McpClients;

/// <summary>A server Codex starts as a child process and talks to over its stdin/stdout.</summary>
public sealed record McpStdioTransport : McpServerTransport
{
    /// <summary><c>command</c>: the program.</summary>
    public required string Command { get; init; }

    /// <summary><c>args</c>.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary><c>env</c>: variables set for the server.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary><c>env_vars</c>: names of Codex's own variables passed through to the server.</summary>
    public IReadOnlyList<string> EnvVars { get; init; } = [];

    /// <summary><c>cwd</c>: the server's working directory, or null for Codex's.</summary>
    public string? Cwd { get; init; }

    internal override string Fingerprint =>
        string.Join('\u0001', ["stdio", Command, string.Join('\u0002', Args), Flatten(Env), string.Join('\u0002', EnvVars), Cwd ?? string.Empty]);

    internal static string Flatten(IReadOnlyDictionary<string, string> map) =>
        string.Join('\u0002', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
}
