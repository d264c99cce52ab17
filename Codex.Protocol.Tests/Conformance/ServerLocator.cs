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
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return Resolve(string.IsNullOrWhiteSpace(configured) ? null : configured, string.IsNullOrWhiteSpace(configured) ? RepositoryRoot() : string.Empty);
    }

    /// <summary>The lookup itself: <paramref name="configured"/> (the variable's value) wins, else the files under <paramref name="repositoryRoot"/>.</summary>
    internal static string Resolve(string? configured, string repositoryRoot)
    {
        if (configured is not null)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"{EnvironmentVariable} names '{configured}', which does not exist.");
        }

        var artifact = Path.Combine(repositoryRoot, "artifacts", "server", BinaryName);
        if (File.Exists(artifact))
        {
            return artifact;
        }

        // A stale Release build must not shadow a fresh Debug one (or the reverse): take the newest.
        var built = new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(repositoryRoot, "Codex.McpServer", "bin", configuration, "net10.0", "linux-x64", BinaryName))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        return built ?? throw new FileNotFoundException(
            $"No {BinaryName} binary: set {EnvironmentVariable}, publish to {artifact}, or run `dotnet build Codex.McpServer` in {repositoryRoot}.");
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
