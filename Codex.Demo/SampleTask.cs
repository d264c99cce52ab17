using System.Reflection;

namespace Codex.Demo;

/// <summary>The sample project (a failing test) and the scripted model's part, embedded in this assembly.</summary>
internal static class SampleTask
{
    /// <summary>The files written into the workspace.</summary>
    public static readonly IReadOnlyList<string> WorkspaceFiles = ["calc.py", "test_calc.py", "README.md"];

    /// <summary>What the agent is asked to do.</summary>
    public const string Prompt = "The tests in this project fail. Find the bug, fix it, and make sure the tests pass (`python3 -B -m unittest -v`).";

    /// <summary>Creates a fresh temporary workspace holding the sample project; returns its path.</summary>
    public static string CreateWorkspace()
    {
        var workspace = Directory.CreateTempSubdirectory("codex-demo-").FullName;
        foreach (var file in WorkspaceFiles)
        {
            File.WriteAllText(Path.Combine(workspace, file), Read(file));
        }

        return workspace;
    }

    /// <summary>The bundled script the scripted model plays (JSON, see README "The scripted model").</summary>
    public static string Script() => Read("script.json");

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SampleTask/" + name)
            ?? throw new InvalidOperationException($"The demo assembly lacks its embedded SampleTask/{name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
