using System.Diagnostics;
using System.Text.Json;

namespace Codex.McpServer.Tests.Surface;

/// <summary>
/// Runs a script under Node with the official TypeScript MCP SDK (<c>@modelcontextprotocol/sdk</c>,
/// installed by build/test.sh into artifacts/ and named by <see cref="Variable"/>) on its module path.
/// </summary>
internal static class TypeScriptSdk
{
    /// <summary>The node_modules folder that holds the pinned SDK.</summary>
    public const string Variable = "CODEX_MCP_TS_SDK";

    /// <summary>The SDK's node_modules folder, or an ignored test when build/test.sh did not install it.</summary>
    public static string RequireModules()
    {
        var modules = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(modules) || !File.Exists(Path.Combine(modules, "@modelcontextprotocol", "sdk", "package.json")))
        {
            Assert.Ignore($"{Variable} does not name a node_modules folder with @modelcontextprotocol/sdk; build/test.sh installs it into artifacts/mcp-ts-sdk and exports it.");
        }

        return modules!;
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
