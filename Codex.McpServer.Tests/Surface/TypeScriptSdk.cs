using System.Diagnostics;
using System.Text.Json;

namespace Codex.McpServer.Tests.Surface;

/// <summary>
/// Runs a script under Node with the official TypeScript MCP SDK (<c>@modelcontextprotocol/sdk</c>,
/// installed by build/npm-clients.sh into artifacts/npm-clients and named by <see cref="Variable"/>) on its module path.
/// </summary>
internal static class TypeScriptSdk
{
    /// <summary>The node_modules folder that holds the pinned SDK.</summary>
    public const string Variable = "CODEX_MCP_TS_SDK";

    /// <summary>
    /// The SDK's node_modules folder: <see cref="Variable"/>, else artifacts/npm-clients (where
    /// build/npm-clients.sh installs it). Missing, it fails the test under CI (or when build/test.sh
    /// set the variable) and skips it in a plain local <c>dotnet test</c>, saying what to run.
    /// </summary>
    public static string RequireModules()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        var modules = string.IsNullOrEmpty(configured) ? Path.Combine(RepositoryRoot(), "artifacts", "npm-clients", "node_modules") : configured;
        if (!File.Exists(Path.Combine(modules, "@modelcontextprotocol", "sdk", "package.json")))
        {
            var message = $"The TypeScript MCP SDK is not installed in {modules}: run `bash build/npm-clients.sh` (build/test.sh runs it and exports {Variable}).";
            if (!string.IsNullOrEmpty(configured) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return modules;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Codex.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }

    /// <summary>Runs <paramref name="script"/> (CommonJS) with <paramref name="input"/> as JSON on stdin; returns its last stdout line as JSON.</summary>
    public static async Task<JsonElement> RunAsync(string modules, string script, string input, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"codex-ts-sdk-{Guid.NewGuid():N}.cjs");
        await File.WriteAllTextAsync(file, script, cancellationToken);
        try
        {
            var startInfo = new ProcessStartInfo("node", [file])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            startInfo.Environment["NODE_PATH"] = modules;
            using var process = Process.Start(startInfo)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var output = await stdout;
            var errors = await stderr;
            Assert.That(process.ExitCode, Is.Zero, $"node failed:\n{errors}\n{output}");
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            Assert.That(last, Is.Not.Null, $"node printed nothing:\n{errors}");
            using var document = JsonDocument.Parse(last!);
            return document.RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
