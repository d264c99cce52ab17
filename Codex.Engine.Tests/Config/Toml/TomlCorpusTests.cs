using System.Text.Json.Nodes;
using Codex.Engine.Config.Toml;

namespace Codex.Engine.Tests.Config.Toml;

/// <summary>
/// Every case of the toml-test corpus for TOML 1.0.0 and 1.1.0: valid files must parse to their
/// JSON, invalid ones must be rejected with a position, except the 1.0 cases listed in
/// <see cref="AcceptedAsToml11"/>, which TOML 1.1 made valid and the reader accepts.
/// </summary>
[TestFixture]
public sealed class TomlCorpusTests
{
    /// <summary>
    /// TOML 1.0 says these are invalid; they use TOML 1.1 features, which Tomlyn reads. Any other
    /// invalid case that parses fails <see cref="Parse_InvalidCorpusFile_ThrowsTomlExceptionWithPosition"/>.
    /// </summary>
    private static readonly string[] AcceptedAsToml11 =
    [
        // Times without seconds.
        "invalid/datetime/no-secs.toml",
        "invalid/local-datetime/no-secs.toml",
        "invalid/local-time/no-secs.toml",

        // Newlines and a trailing comma inside inline tables.
        "invalid/inline-table/linebreak-01.toml",
        "invalid/inline-table/linebreak-02.toml",
        "invalid/inline-table/linebreak-03.toml",
        "invalid/inline-table/linebreak-04.toml",
        "invalid/inline-table/trailing-comma.toml",

        // \xHH escapes in basic strings.
        "invalid/string/basic-byte-escapes.toml",
    ];

    public static IEnumerable<TestCaseData> ValidCases() =>
        from version in new[] { TomlCorpus.Toml10, TomlCorpus.Toml11 }
        from path in TomlCorpus.Cases(version, "valid")
        select new TestCaseData(path).SetArgDisplayNames($"{version} {path}");

    public static IEnumerable<TestCaseData> InvalidCases() =>
        from version in new[] { TomlCorpus.Toml10, TomlCorpus.Toml11 }
        from path in TomlCorpus.Cases(version, "invalid")
        where version != TomlCorpus.Toml10 || !AcceptedAsToml11.Contains(path)
        select new TestCaseData(path).SetArgDisplayNames($"{version} {path}");

    public static IEnumerable<TestCaseData> AcceptedCases() =>
        AcceptedAsToml11.Select(path => new TestCaseData(path).SetArgDisplayNames(path));

    [TestCaseSource(nameof(ValidCases))]
    public void Parse_ValidCorpusFile_MatchesExpectedJson(string relativePath)
    {
        string tomlPath = TomlCorpus.Resolve(relativePath);
        JsonNode? expected = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(tomlPath, ".json")));

        TomlTable document = TomlParser.Parse(File.ReadAllBytes(tomlPath), tomlPath);

        Assert.That(TaggedJsonComparer.Difference(expected, TaggedJson.From(document)), Is.Null);
    }

    [TestCaseSource(nameof(InvalidCases))]
    public void Parse_InvalidCorpusFile_ThrowsTomlExceptionWithPosition(string relativePath)
    {
        string tomlPath = TomlCorpus.Resolve(relativePath);
        byte[] bytes = File.ReadAllBytes(tomlPath);

        int lineCount = bytes.Count(b => b == (byte)'\n') + 1;

        TomlException error = Assert.Throws<TomlException>(() => TomlParser.Parse(bytes, tomlPath));
        TestContext.Out.WriteLine(error.Message);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.Line, Is.InRange(1, lineCount));
            Assert.That(error.Column, Is.GreaterThanOrEqualTo(1));
            Assert.That(error.SourceName, Is.EqualTo(tomlPath));
            Assert.That(error.Message, Does.StartWith($"{tomlPath}:{error.Line}:{error.Column}: "));
            Assert.That(error.Reason, Is.Not.Empty);
        }
    }

    [TestCaseSource(nameof(AcceptedCases))]
    public void Parse_Toml10InvalidCaseUsingAToml11Feature_IsAcceptedAndNotInvalidIn11(string relativePath)
    {
        string tomlPath = TomlCorpus.Resolve(relativePath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TomlCorpus.Cases(TomlCorpus.Toml10, "invalid"), Does.Contain(relativePath));
            Assert.That(TomlCorpus.Cases(TomlCorpus.Toml11, "invalid"), Does.Not.Contain(relativePath));
            Assert.That(TomlParser.Parse(File.ReadAllBytes(tomlPath), tomlPath), Is.Not.Empty);
        }
    }

    [Test]
    public void Cases_CorpusInTheRepository_ListsEveryCaseOfBothVersions()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TomlCorpus.Cases(TomlCorpus.Toml10, "valid"), Has.Count.EqualTo(210));
            Assert.That(TomlCorpus.Cases(TomlCorpus.Toml10, "invalid"), Has.Count.EqualTo(499));
            Assert.That(TomlCorpus.Cases(TomlCorpus.Toml11, "valid"), Has.Count.EqualTo(220));
            Assert.That(TomlCorpus.Cases(TomlCorpus.Toml11, "invalid"), Has.Count.EqualTo(492));
            Assert.That(TomlCorpus.Cases(TomlCorpus.Toml10, "valid").Concat(TomlCorpus.Cases(TomlCorpus.Toml11, "invalid")).Select(TomlCorpus.Resolve), Has.All.Matches<string>(File.Exists));
        }
    }
}
