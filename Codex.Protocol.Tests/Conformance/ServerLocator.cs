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

    /// <summary>The variable that names any server as a command line (e.g. <c>node codex.js mcp-server</c>).</summary>
    public const string CommandVariable = "CODEX_MCP_SERVER_CMD";

    /// <summary>
    /// The server command the conformance and real-client tests start: <c>CODEX_MCP_SERVER_CMD</c>
    /// (a command line, split like a shell would without expansions: spaces separate, quotes group,
    /// backslash escapes), else <see cref="ServerPath"/> with no arguments.
    /// </summary>
    public static ServerCommandLine ServerCommand()
    {
        var configured = Environment.GetEnvironmentVariable(CommandVariable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new ServerCommandLine(ServerPath(), []);
        }

        var words = SplitCommandLine(configured);
        return words.Count > 0
            ? new ServerCommandLine(words[0], [.. words.Skip(1)])
            : throw new ArgumentException($"{CommandVariable} holds no command.");
    }

    /// <summary>Splits a command line into words: whitespace separates, '…' and "…" group, \ escapes.</summary>
    internal static IReadOnlyList<string> SplitCommandLine(string commandLine)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\')
                {
                    word.Append(commandLine[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '\\' && i + 1 < commandLine.Length)
                {
                    word.Append(commandLine[++i]);
                }
                else
                {
                    word.Append(c);
                }
            }
        }

        if (quote is not null)
        {
            throw new ArgumentException($"{CommandVariable}: unterminated {quote} quote in '{commandLine}'.");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

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

/// <summary>A server to start: the program and its arguments.</summary>
public sealed record ServerCommandLine(string FileName, IReadOnlyList<string> Arguments);
