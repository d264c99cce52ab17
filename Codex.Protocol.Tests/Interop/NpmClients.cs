using System.Diagnostics;
using Codex.Protocol.Tests.Conformance;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// The npm-installed MCP clients (the official TypeScript SDK and the MCP Inspector), which
/// <c>build/npm-clients.sh</c> installs into <c>artifacts/npm-clients</c> (build/test.sh runs it and
/// exports <c>CODEX_MCP_NPM_CLIENTS</c>). When that variable is set, or under CI, a missing client
/// fails the test with what to run; a plain local <c>dotnet test</c> without them skips.
/// </summary>
internal static class NpmClients
{
    public const string Variable = "CODEX_MCP_NPM_CLIENTS";

    public static string SdkDirectory => Require(Path.Combine(Root(), "node_modules", "@modelcontextprotocol", "sdk", "package.json"), "@modelcontextprotocol/sdk", directory: true);

    public static string InspectorCli => Require(Path.Combine(Root(), "node_modules", "@modelcontextprotocol", "inspector", "cli", "build", "cli.js"), "@modelcontextprotocol/inspector", directory: false);

    /// <summary>Runs <c>node</c> with <paramref name="arguments"/>; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Missing($"node ({ex.Message})");
            throw;
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }

    private static string Root() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(ServerLocator.RepositoryRoot(), "artifacts", "npm-clients");

    private static string Require(string marker, string package, bool directory)
    {
        if (!File.Exists(marker))
        {
            Missing($"{package} (no {marker})");
        }

        return directory ? Path.GetDirectoryName(marker)! : marker;
    }

    private static void Missing(string what)
    {
        var message = $"{what} is not installed: run `bash build/npm-clients.sh` (build/test.sh runs it).";
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } || Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }
}
