using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Codex.McpServer.Tests.MockModel;

/// <summary>
/// The <c>Codex.MockModel</c> executable as a person starts it: in the background (stdin at
/// <c>/dev/null</c>) it keeps serving its script, and SIGTERM or SIGINT stop it with exit code 0.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MockModelProcessTests
{
    private const string Script = """
        // comments are allowed
        {"replies": ["first scripted answer", [{"type": "message", "text": "second scripted answer"}]]}
        """;

    [TestCase("TERM")]
    [TestCase("INT")]
    public async Task Background_StdinAtDevNull_ServesUntilSignalled(string signal)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var directory = Directory.CreateTempSubdirectory("codex-mockmodel-").FullName;
        var script = Path.Combine(directory, "script.json");
        await File.WriteAllTextAsync(script, Script, timeout.Token);

        // exec keeps the pid: bash becomes the mock model, with stdin at /dev/null as `&` gives it.
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", "exec dotnet \"$0\" --port 0 --script \"$1\" </dev/null", MockModelDll(), script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (banner is null || !banner.StartsWith("listening on http://127.0.0.1:", StringComparison.Ordinal))
            {
                Assert.Fail($"no banner but '{banner}': {await process.StandardError.ReadToEndAsync(timeout.Token)}");
            }

            var baseUrl = banner!["listening on ".Length..];

            // Stdin reached EOF at once; the model must still be there and answer in script order.
            await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            Assert.That(process.HasExited, Is.False, "stdin at /dev/null must not stop it");
            using var http = new HttpClient();
            var first = await ChatAsync(http, baseUrl, timeout.Token);
            var second = await ChatAsync(http, baseUrl, timeout.Token);

            using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(first, Does.Contain("first scripted answer"));
                Assert.That(second, Does.Contain("second scripted answer"));
                Assert.That(process.ExitCode, Is.Zero, $"SIG{signal} is a clean stop");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> ChatAsync(HttpClient http, string baseUrl, CancellationToken cancellationToken)
    {
        using var content = new StringContent("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(baseUrl + "/chat/completions", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body);

        // The answer streams as deltas; joined they are the scripted text.
        return string.Concat(body.Split('\n')
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => System.Text.Json.JsonDocument.Parse(line["data: ".Length..]).RootElement)
            .SelectMany(chunk => chunk.GetProperty("choices").EnumerateArray())
            .Select(choice => choice.GetProperty("delta").TryGetProperty("content", out var text) && text.ValueKind == System.Text.Json.JsonValueKind.String ? text.GetString() : string.Empty));
    }

    private static string MockModelDll()
    {
        var configuration = typeof(MockModelProcessTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(ServerLocator.RepositoryRoot(), "Codex.MockModel", "bin", configuration, "net10.0", "Codex.MockModel.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build Codex.MockModel first: no {dll}.");
    }
}
