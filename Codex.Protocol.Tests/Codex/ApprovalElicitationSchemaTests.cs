using System.Text.Json;
using ModelContextProtocol;
using Sdk = ModelContextProtocol.Protocol.ElicitRequestParams;

namespace Codex.Protocol.Tests.Codex;

/// <summary>
/// The approval form follows MCP 2025-11-25's elicitation schema rules (a flat object of primitive
/// properties; the decision a titled single-select enum, <c>oneOf</c> of <c>const</c>/<c>title</c>),
/// checked by hand and by the official C# SDK's own schema types.
/// </summary>
[TestFixture]
public sealed class ApprovalElicitationSchemaTests
{
    [Test]
    public void RequestedSchema_Shape_FlatObjectWithTitledDecisionAndOptionalReason()
    {
        var schema = ApprovalElicitationSchema.RequestedSchema;
        var properties = schema.GetProperty("properties");
        var decision = properties.GetProperty("decision");
        var reason = properties.GetProperty("reason");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(schema.GetProperty("type").GetString(), Is.EqualTo("object"));
            Assert.That(properties.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "decision", "reason" }));
            Assert.That(schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "decision" }), "the reason is optional");
            Assert.That(decision.GetProperty("type").GetString(), Is.EqualTo("string"));
            Assert.That(decision.TryGetProperty("enum", out _), Is.False, "the titled form, not the legacy enum/enumNames");
            Assert.That(decision.GetProperty("oneOf").EnumerateArray().Select(o => (o.GetProperty("const").GetString(), o.GetProperty("title").GetString())), Is.EqualTo(new[]
            {
                ("approved", "Approve once"),
                ("approved_for_session", "Approve for this session"),
                ("denied", "Deny"),
                ("abort", "Abort the turn"),
            }));
            Assert.That(decision.GetProperty("oneOf").EnumerateArray().All(o => o.EnumerateObject().Count() == 2), Is.True, "each option is exactly const and title");
            Assert.That(reason.GetProperty("type").GetString(), Is.EqualTo("string"));
            Assert.That(properties.EnumerateObject().All(p => p.Value.GetProperty("type").GetString() is "string" or "number" or "integer" or "boolean"), Is.True, "primitive properties only, no nesting");
        }
    }

    [Test]
    public void RequestedSchema_ReadByTheOfficialSdk_TitledSingleSelectEnumAndString()
    {
        var parsed = ApprovalElicitationSchema.RequestedSchema.Deserialize<Sdk.RequestSchema>(McpJsonUtilities.DefaultOptions)!;

        var decision = parsed.Properties["decision"] as Sdk.TitledSingleSelectEnumSchema;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(decision, Is.Not.Null, $"the SDK read {parsed.Properties["decision"].GetType().Name}");
            Assert.That(decision!.OneOf.Select(o => o.Const), Is.EqualTo(ApprovalElicitationSchema.Decisions.Select(d => d.Value)));
            Assert.That(decision.OneOf.Select(o => o.Title), Is.EqualTo(ApprovalElicitationSchema.Decisions.Select(d => d.Title)));
            Assert.That(parsed.Properties["reason"], Is.TypeOf<Sdk.StringSchema>());
            Assert.That(parsed.Required, Is.EqualTo(new[] { "decision" }));
        }
    }

    [Test]
    public void Decisions_EveryValue_ParsesAsAnAnswer()
    {
        foreach (var (value, _) in ApprovalElicitationSchema.Decisions)
        {
            using var answer = JsonDocument.Parse("""{"action":"accept","content":{"decision":""" + JsonSerializer.Serialize(value) + "}}");
            Assert.That(ApprovalAnswer.TryParse(answer.RootElement, out var error), Is.Not.Null, error);
        }
    }
}
