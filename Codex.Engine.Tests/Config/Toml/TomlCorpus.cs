namespace Codex.Engine.Tests.Config.Toml;

/// <summary>
/// The toml-test conformance corpus, kept in this repository under <c>Config/Toml/toml-test</c> and
/// copied beside the test binaries; its <c>files-toml-1.0.0</c> and <c>files-toml-1.1.0</c> lists
/// name the cases of each TOML version. A missing corpus is an error, never a silent skip.
/// </summary>
internal static class TomlCorpus
{
    public const string Toml10 = "1.0.0";

    public const string Toml11 = "1.1.0";

    public static string TestsDirectory => Path.Combine(AppContext.BaseDirectory, "Config", "Toml", "toml-test", "tests");

    public static string Resolve(string relativePath) =>
        Path.Combine(TestsDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Corpus-relative paths (<c>valid/...toml</c> or <c>invalid/...toml</c>) listed for a TOML version.</summary>
    /// <exception cref="FileNotFoundException">The corpus was not copied beside the tests.</exception>
    public static IReadOnlyList<string> Cases(string version, string kind)
    {
        string list = Path.Combine(TestsDirectory, "files-toml-" + version);
        if (!File.Exists(list))
        {
            throw new FileNotFoundException($"The toml-test corpus list {list} is missing; it is copied from Codex.Engine.Tests/Config/Toml/toml-test at build time.", list);
        }

        return [.. File.ReadAllLines(list)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith(kind + "/", StringComparison.Ordinal) && line.EndsWith(".toml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
    }
}
