namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// Finds the server binary the conformance and interop tests start: <c>CODEX_MCP_SERVER</c> when
/// set; else <c>&lt;repo&gt;/artifacts/server/codex-mcp-server</c>; else the newest of the Release
/// and Debug build outputs of Codex.McpServer. The repository root is the nearest directory
/// holding <c>Codex.sln</c> above the test directory.
/// </summary>
public static class ServerLocator
{
    /// <summary>The environment variable that names the server binary to test.</summary>
    public const string EnvironmentVariable = "CODEX_MCP_SERVER";

    private const string BinaryName = "codex-mcp-server";

    /// <summary>The server binary; throws with instructions when there is none.</summary>
    public static string ServerPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new FileNotFoundException($"{EnvironmentVariable} names '{fromEnvironment}', which does not exist.");
        }

        var root = RepositoryRoot();
        var artifact = Path.Combine(root, "artifacts", "server", BinaryName);
        if (File.Exists(artifact))
        {
            return artifact;
        }

        // A stale Release build must not shadow a fresh Debug one (or the reverse): take the newest.
        var built = new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(root, "Codex.McpServer", "bin", configuration, "net10.0", "linux-x64", BinaryName))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        return built ?? throw new FileNotFoundException(
            $"No {BinaryName} binary: set {EnvironmentVariable}, publish to {artifact}, or run `dotnet build Codex.McpServer` in {root}.");
    }

    /// <summary>The nearest directory above the test directory that holds <c>Codex.sln</c>.</summary>
    public static string RepositoryRoot()
    {
        var start = TestContext.CurrentContext.TestDirectory;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Codex.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Codex.sln above {start}; set {EnvironmentVariable} to the server binary instead.");
    }
}
