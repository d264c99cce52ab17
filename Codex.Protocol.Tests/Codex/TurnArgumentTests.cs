using System.Text.Json;

namespace Codex.Protocol.Tests.Codex;

/// <summary>The arguments both tools take (issue 13): <c>reasoning-effort</c>, <c>reasoning-summary</c>, <c>images</c>.</summary>
[TestFixture]
public sealed class TurnArgumentTests
{
    private const string Prefix = CodexToolArguments.ParseFailurePrefix;

    [TestCase("none", ReasoningEffort.None)]
    [TestCase("minimal", ReasoningEffort.Minimal)]
    [TestCase("xhigh", ReasoningEffort.XHigh)]
    public void TryParseCodex_ReasoningEffort_ReadAsTheEnum(string wire, ReasoningEffort expected)
    {
        var ok = CodexToolArguments.TryParseCodex(Parse($$"""{"prompt":"p","reasoning-effort":"{{wire}}","reasoning-summary":"detailed"}"""), out var value, out var error);

        Assert.That((ok, error, value?.ReasoningEffort, value?.ReasoningSummary), Is.EqualTo((true, (string?)null, (ReasoningEffort?)expected, (ReasoningSummary?)ReasoningSummary.Detailed)));
        Assert.That(ReasoningNames.Name(expected), Is.EqualTo(wire));
    }

    [Test]
    public void TryParseReply_EveryTurnArgument_ReadIntoTheParam()
    {
        var ok = CodexToolArguments.TryParseReply(Parse("""{"prompt":"p","threadId":"t","reasoning-effort":"low","reasoning-summary":"none","images":["a.png","data:image/png;base64,AA=="]}"""), out var value, out var error);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True, error);
            Assert.That(value?.ReasoningEffort, Is.EqualTo(ReasoningEffort.Low));
            Assert.That(value?.ReasoningSummary, Is.EqualTo(ReasoningSummary.None));
            Assert.That(value?.Images, Is.EqualTo(new[] { "a.png", "data:image/png;base64,AA==" }));
        }
    }

    [TestCase("""{"prompt":"p","reasoning-effort":"extreme"}""", "unknown variant `extreme` for `reasoning-effort`, expected one of `none`, `minimal`, `low`, `medium`, `high`, `xhigh`")]
    [TestCase("""{"prompt":"p","reasoning-summary":"short"}""", "unknown variant `short` for `reasoning-summary`, expected one of `auto`, `concise`, `detailed`, `none`")]
    [TestCase("""{"prompt":"p","reasoning-effort":3}""", "invalid type: integer `3`, expected a string for `reasoning-effort`")]
    [TestCase("""{"prompt":"p","images":"a.png"}""", "invalid type: string \"a.png\", expected an array of strings for `images`")]
    [TestCase("""{"prompt":"p","images":["a.png",7]}""", "invalid type: integer `7`, expected a string in `images`")]
    public void TryParseCodex_BadTurnArgument_ClearError(string json, string message)
    {
        var ok = CodexToolArguments.TryParseCodex(Parse(json), out var value, out var error);

        Assert.That((ok, value, error), Is.EqualTo((false, (CodexToolCallParam?)null, Prefix + message)));
    }

    [Test]
    public void Serialize_TurnArguments_KebabCaseNamesAndWireValues()
    {
        var json = JsonSerializer.Serialize(new CodexToolCallParam { Prompt = "p", ReasoningEffort = ReasoningEffort.XHigh, ReasoningSummary = ReasoningSummary.Concise, Images = ["x.png"] }, ProtocolJsonContext.Default.CodexToolCallParam);

        Assert.That(json, Is.EqualTo("""{"prompt":"p","reasoning-effort":"xhigh","reasoning-summary":"concise","images":["x.png"]}"""));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
