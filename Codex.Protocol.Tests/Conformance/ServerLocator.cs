using System.Reflection;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// Finds the server binary the conformance and end-to-end tests start: <c>CODEX_MCP_SERVER</c>
/// when set (build/test.sh points it at the published NativeAOT binary); else the
/// <c>codex-mcp-server</c> apphost that building the test project built, whose path the build
/// records in the test assembly (ServerLocator.targets), so a plain <c>dotnet test</c> runs the
/// server of the same sources and configuration.
/// </summary>
public static class ServerLocator
{
    /// <summary>The environment variable that names the server binary to test.</summary>
    public const string EnvironmentVariable = "CODEX_MCP_SERVER";

    /// <summary>The test assembly's metadata key for the server built with it.</summary>
    public const string BuildOutputMetadataKey = "CodexMcpServerBuildOutput";

    private const string BinaryName = "codex-mcp-server";

    /// <summary>The server binary; throws with instructions when there is none.</summary>
    public static string ServerPath()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return Resolve(string.IsNullOrWhiteSpace(configured) ? null : configured, BuiltServerPath());
    }

    /// <summary>
    /// The lookup itself: <paramref name="configured"/> (the variable's value) wins, else
    /// <paramref name="builtServer"/> (the build output recorded in the test assembly) if it exists.
    /// </summary>
    internal static string Resolve(string? configured, string? builtServer)
    {
        if (configured is not null)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"{EnvironmentVariable} names '{configured}', which does not exist.");
        }

        return builtServer is not null && File.Exists(builtServer)
            ? builtServer
            : throw new FileNotFoundException(
                $"No {BinaryName} binary at {builtServer ?? "(no build output recorded)"}: set {EnvironmentVariable}, or build the tests (`dotnet build` or `dotnet test` at the repository root), which builds Codex.McpServer too.");
    }

    /// <summary>The server apphost built together with this test assembly, as its build recorded it.</summary>
    public static string? BuiltServerPath() =>
        typeof(ServerLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == BuildOutputMetadataKey)?.Value is { Length: > 0 } path
            ? path
            : null;

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

        throw new DirectoryNotFoundException($"No Codex.sln above {start}.");
    }
}
