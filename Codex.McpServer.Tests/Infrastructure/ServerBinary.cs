namespace Codex.McpServer.Tests.Infrastructure;

/// <summary>Finds the <c>codex-mcp-server</c> binary under test.</summary>
internal static class ServerBinary
{
    /// <summary>
    /// <c>CODEX_MCP_SERVER</c> when set (build/test.sh sets it to the published ReadyToRun build),
    /// else the published or built server below the repository root.
    /// </summary>
    public static string RepositoryRoot { get; } = FindRoot();

    // Declared after RepositoryRoot: static initializers run in order.
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("CODEX_MCP_SERVER") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"CODEX_MCP_SERVER names {configured}, which does not exist.");
        }

        var candidates = new[]
        {
            System.IO.Path.Combine(RepositoryRoot, "artifacts", "server", "codex-mcp-server"),
            System.IO.Path.Combine(RepositoryRoot, "Codex.McpServer", "bin", "Release", "net10.0", "linux-x64", "codex-mcp-server"),
            System.IO.Path.Combine(RepositoryRoot, "Codex.McpServer", "bin", "Debug", "net10.0", "linux-x64", "codex-mcp-server"),
        };
        return candidates.Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException($"No codex-mcp-server found; build Codex.McpServer or set CODEX_MCP_SERVER. Looked in: {string.Join(", ", candidates)}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Codex.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Codex.sln not found above the test directory.");
    }
}
