using Codex.Protocol.Tests.Conformance;
using Codex.Testing;

namespace Codex.Protocol.Tests.Readme;

/// <summary>
/// README.md's embedding example is <see cref="EmbeddingExample"/> verbatim (so it compiles), and it
/// runs: against our server and the scripted model it completes a conversation of two turns.
/// Not parallel: the example's server inherits this process's CODEX_HOME, which the test sets.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ReadmeExampleTests
{
    [Test]
    public void Readme_EmbeddingExample_IsTheCompiledCode()
    {
        var root = ServerLocator.RepositoryRoot();
        var source = File.ReadAllText(Path.Combine(root, "Codex.Protocol.Tests", "Readme", "EmbeddingExample.cs"));
        var code = Between(source, "// readme-example-begin\n", "    // readme-example-end");
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = Between(readme, "<!-- readme-example: Codex.Protocol.Tests/Readme/EmbeddingExample.cs -->\n```csharp\n", "```\n");

        Assert.That(block, Is.EqualTo(Unindent(code)), "README.md's example differs from EmbeddingExample.cs; copy it over");
    }

    [Test]
    public async Task EmbeddingExample_AgainstTheScriptedModel_TwoTurns()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var model = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(
                ScriptedReply.Call("shell", """{"command":["ls"]}""", "call_ls"),
                ScriptedReply.Text("a.txt"),
                ScriptedReply.Text("one file")),
            cts.Token);
        var home = Directory.CreateTempSubdirectory("codex-readme-").FullName;
        var workspace = Directory.CreateDirectory(Path.Combine(home, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(workspace, "a.txt"), "a", cts.Token);
        await File.WriteAllTextAsync(Path.Combine(home, "config.toml"), Interop.ScriptedConfig.Toml(model.BaseUrl), cts.Token);
        var previous = Environment.GetEnvironmentVariable("CODEX_HOME");
        try
        {
            // The example starts the server with this process's environment, as an embedding host would.
            Environment.SetEnvironmentVariable("CODEX_HOME", home);
            var answer = await EmbeddingExample.RunAsync(ServerLocator.ServerPath(), workspace, cts.Token);

            Assert.That(answer, Is.EqualTo("one file"));
            Assert.That(model.Requests[1].Body, Does.Contain("a.txt"), "the approved ls ran and its output reached the model");
        }
        finally
        {
            Environment.SetEnvironmentVariable("CODEX_HOME", previous);
            Directory.Delete(home, recursive: true);
        }
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.That(from, Is.GreaterThanOrEqualTo(0), $"no '{start.Trim()}'");
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.That(to, Is.GreaterThanOrEqualTo(0), $"no '{end.Trim()}' after '{start.Trim()}'");
        return text[from..to];
    }

    private static string Unindent(string code) =>
        string.Concat(code.Split('\n').Select(line => (line.StartsWith("    ", StringComparison.Ordinal) ? line[4..] : line) + "\n"))[..^1];
}
