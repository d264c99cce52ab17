namespace Codex.Engine.Tests.Config.Toml;

/// <summary>
/// Finds the toml-test conformance corpus (<c>shared/toml-test</c>, beside the repository root) and
/// lists the TOML 1.0.0 cases named by its <c>files-toml-1.0.0</c> file.
/// </summary>
internal static class TomlCorpus
{
    private static readonly Lazy<string> TestsDirectory = new(Locate);

    public static string Resolve(string relativePath) =>
        Path.Combine(TestsDirectory.Value, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Corpus-relative paths (<c>valid/...toml</c> or <c>invalid/...toml</c>) listed for TOML 1.0.0.</summary>
    public static IEnumerable<string> Cases(string kind)
    {
        string list = Path.Combine(TestsDirectory.Value, "files-toml-1.0.0");
        return File.ReadAllLines(list)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(kind + "/", StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static string Locate()
    {
        // The corpus sits beside the repository root (…/shared/toml-test next to …/<repo>/Codex.sln),
        // so walking up from the test binaries meets it whichever worktree they were built in.
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "toml-test", "tests");
            if (File.Exists(Path.Combine(candidate, "files-toml-1.0.0")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"The toml-test corpus (shared/toml-test/tests/files-toml-1.0.0) was not found above {TestContext.CurrentContext.TestDirectory}.");
    }
}
