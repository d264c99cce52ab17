using System.Text.Json;
using Codex.Engine.McpClients;

namespace Codex.Engine.Tests.McpClients;

public sealed class McpSchemaSanitizerTests
{
    [TestCase("""{}""", """{"properties":{},"type":"object"}""")]
    [TestCase("""{"type":"object"}""", """{"type":"object","properties":{}}""")]
    [TestCase("""{"properties":{"a":{"enum":["x","y"]}}}""", """{"properties":{"a":{"enum":["x","y"],"type":"string"}},"type":"object"}""")]
    [TestCase("""{"properties":{"n":{"minimum":1}}}""", """{"properties":{"n":{"minimum":1,"type":"number"}},"type":"object"}""")]
    [TestCase("""{"properties":{"l":{"type":"array"}}}""", """{"properties":{"l":{"type":"array","items":{"type":"string"}}},"type":"object"}""")]
    [TestCase("""{"properties":{"u":{"type":["null","integer"]}}}""", """{"properties":{"u":{"type":"integer"}},"type":"object"}""")]
    [TestCase("""{"properties":{"b":true}}""", """{"properties":{"b":{"type":"string"}},"type":"object"}""")]
    [TestCase("""{"properties":{"o":{"required":["k"]}}}""", """{"properties":{"o":{"required":["k"],"type":"object","properties":{}}},"type":"object"}""")]
    [TestCase("""{"properties":{"x":{"anyOf":[{"items":{}},{"format":"date"}]}}}""", """{"properties":{"x":{"anyOf":[{"items":{"type":"string"},"type":"array"},{"format":"date","type":"string"}],"type":"string"}},"type":"object"}""")]
    public void Sanitize_Schema_MadeAcceptableAsUpstreamDoes(string input, string expected)
    {
        using var document = JsonDocument.Parse(input);

        var sanitized = McpSchemaSanitizer.Sanitize(document.RootElement);

        Assert.That(sanitized.GetRawText(), Is.EqualTo(expected));
    }
}
