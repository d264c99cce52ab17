namespace Codex.Protocol.Tests.Support;

/// <summary>The comparer the round-trip tests rely on must itself tell differences apart.</summary>
[TestFixture]
public sealed class JsonSemanticTests
{
    [Test]
    public void Diff_KeysInAnotherOrder_Equal() =>
        Assert.That(JsonSemantic.Diff("""{"a":1,"b":{"c":[1,2],"d":null}}""", """{"b":{"d":null,"c":[1,2]},"a":1}"""), Is.Null);

    [Test]
    public void Diff_SameNumberWrittenDifferently_Equal() =>
        Assert.That(JsonSemantic.Diff("""{"x":1.0,"y":2.50}""", """{"x":1,"y":2.5}"""), Is.Null);

    [TestCase("""{"a":1}""", """{"a":2}""", "$.a")]
    [TestCase("""{"a":1}""", """{"a":"1"}""", "$.a")]
    [TestCase("""{"a":1}""", """{"a":1,"b":2}""", "unexpected key(s) b")]
    [TestCase("""{"a":1,"b":null}""", """{"a":1}""", "missing key(s) b")]
    [TestCase("""{"a":[1,2]}""", """{"a":[2,1]}""", "$.a[0]")]
    [TestCase("""{"a":[1]}""", """{"a":[1,1]}""", "element(s)")]
    [TestCase("""{"a":true}""", """{"a":false}""", "$.a")]
    [TestCase("""{"a":null}""", """{"a":{}}""", "$.a")]
    [TestCase("""{"a":"x"}""", """{"a":"X"}""", "$.a")]
    public void Diff_Different_ReportsWhere(string expected, string actual, string where) =>
        Assert.That(JsonSemantic.Diff(expected, actual), Does.Contain(where));
}
