using System.Text.Json.Nodes;
using Codex.Engine.Config.Toml;

namespace Codex.Engine.Tests.Config.Toml;

/// <summary>Every TOML 1.0.0 case of the toml-test corpus: valid files must parse to their JSON, invalid ones must be rejected.</summary>
[TestFixture]
public sealed class TomlCorpusTests
{
    public static IEnumerable<TestCaseData> ValidCases() =>
        TomlCorpus.Cases("valid").Select(path => new TestCaseData(path).SetArgDisplayNames(path));

    public static IEnumerable<TestCaseData> InvalidCases() =>
        TomlCorpus.Cases("invalid").Select(path => new TestCaseData(path).SetArgDisplayNames(path));

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
            Assert.That(error.Message, Does.Contain($":{error.Line}:{error.Column}:"));
            Assert.That(error.Message, Does.StartWith(tomlPath));
            Assert.That(error.Message, Does.Contain(Path.GetFileName(tomlPath)));
        }
    }

    [Test]
    public void Cases_CorpusList_HasValidAndInvalidFiles()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TomlCorpus.Cases("valid").Count(), Is.GreaterThan(0));
            Assert.That(TomlCorpus.Cases("invalid").Count(), Is.GreaterThan(0));
        }
    }
}
