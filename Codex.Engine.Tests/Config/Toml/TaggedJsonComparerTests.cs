using System.Text.Json.Nodes;

namespace Codex.Engine.Tests.Config.Toml;

/// <summary>The corpus harness is only as good as its comparison, so it gets tests of its own.</summary>
[TestFixture]
public sealed class TaggedJsonComparerTests
{
    [TestCase("""{"a":{"type":"integer","value":"1"}}""", """{"a":{"type":"integer","value":"+1"}}""")]
    [TestCase("""{"a":{"type":"float","value":"nan"}}""", """{"a":{"type":"float","value":"nan"}}""")]
    [TestCase("""{"a":{"type":"float","value":"1e+06"}}""", """{"a":{"type":"float","value":"1000000"}}""")]
    [TestCase("""{"a":{"type":"datetime","value":"1987-07-05T17:45:56.600Z"}}""", """{"a":{"type":"datetime","value":"1987-07-05T19:45:56.6+02:00"}}""")]
    [TestCase("""{"b":[],"a":{"x":{"type":"string","value":"s"}}}""", """{"a":{"x":{"type":"string","value":"s"}},"b":[]}""")]
    public void Difference_EquivalentDocuments_IsNull(string expected, string actual)
    {
        Assert.That(TaggedJsonComparer.Difference(JsonNode.Parse(expected), JsonNode.Parse(actual)), Is.Null);
    }

    [TestCase("""{"a":{"type":"integer","value":"1"}}""", """{"a":{"type":"integer","value":"2"}}""", "$.a")]
    [TestCase("""{"a":{"type":"integer","value":"1"}}""", """{"a":{"type":"float","value":"1"}}""", "$.a")]
    [TestCase("""{"a":{"type":"string","value":"x"}}""", """{"a":{"type":"string","value":"x "}}""", "$.a")]
    [TestCase("""{"a":{"type":"datetime-local","value":"1987-07-05T17:45:00"}}""", """{"a":{"type":"datetime-local","value":"1987-07-05T17:45:01"}}""", "$.a")]
    [TestCase("""{"a":[{"type":"bool","value":"true"}]}""", """{"a":[]}""", "$.a")]
    [TestCase("""{"a":{}}""", """{"a":{},"b":{}}""", "$")]
    [TestCase("""{"a":{"type":"float","value":"nan"}}""", """{"a":{"type":"float","value":"inf"}}""", "$.a")]
    public void Difference_DifferentDocuments_NamesThePath(string expected, string actual, string path)
    {
        Assert.That(TaggedJsonComparer.Difference(JsonNode.Parse(expected), JsonNode.Parse(actual)), Does.StartWith(path + ":"));
    }
}
