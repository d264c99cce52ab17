namespace Codex.Benchmarks;

/// <summary>
/// A server binary to drive and how to start it: ours is the binary itself, the original Rust
/// Codex is <c>codex mcp-server</c>.
/// </summary>
/// <param name="Name">The column heading, e.g. <c>ours</c>.</param>
/// <param name="FileName">The executable.</param>
/// <param name="Arguments">Its arguments.</param>
public sealed record ServerUnderTest(string Name, string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>This project's server: the published binary, no arguments.</summary>
    public static ServerUnderTest Ours(string path) => new("ours", path, []);

    /// <summary>The original Rust server: the native <c>codex</c> binary with <c>mcp-server</c>.</summary>
    public static ServerUnderTest Original(string path) => new("original", path, ["mcp-server"]);
}
