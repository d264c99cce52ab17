using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Tests.Support;

namespace Codex.Protocol.Tests.Codex;

/// <summary>Everything 0.153.4 sent in the captures is read by the library and written back without loss.</summary>
[TestFixture]
public sealed class ReferenceCaptureTests
{
    private static readonly HashSet<string> KnownTypes = typeof(EventMsg)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Select(a => (string)a.TypeDiscriminator!)
        .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<TestCaseData> CodexEvents() =>
        ReferenceCaptures.Messages(CodexEvent.Method)
            .Select(m => new TestCaseData(m.Params).SetArgDisplayNames($"{m.Where} {m.Params.GetProperty("msg").GetProperty("type").GetString()}"));

    private static IEnumerable<TestCaseData> Elicitations() =>
        ReferenceCaptures.Messages("elicitation/create")
            .Select(m => new TestCaseData(m.Params).SetArgDisplayNames($"{m.Where} {m.Params.GetProperty("codex_elicitation").GetString()}"));

    [TestCaseSource(nameof(CodexEvents))]
    public void CodexEvent_FromCapture_ReadsAndWritesBackTheSameJson(JsonElement parameters)
    {
        var type = parameters.GetProperty("msg").GetProperty("type").GetString()!;

        var parsed = parameters.Deserialize(ProtocolJsonContext.Default.CodexEvent)!;
        var written = JsonSerializer.SerializeToElement(parsed, ProtocolJsonContext.Default.CodexEvent);

        using var expected = JsonDocument.Parse($$"""
            {"_meta":{{parameters.GetProperty("_meta").GetRawText()}},"id":{{parameters.GetProperty("id").GetRawText()}},
             "msg":{{ReferenceCaptures.ToBaselineTagging(parameters.GetProperty("msg")).GetRawText()}}}
            """);
        using (Assert.EnterMultipleScope())
        {
            if (KnownTypes.Contains(type))
            {
                Assert.That(parsed.Msg, Is.Not.InstanceOf<UnknownEventMsg>());
            }
            else
            {
                Assert.That(parsed.Msg, Is.InstanceOf<UnknownEventMsg>());
                Assert.That((parsed.Msg as UnknownEventMsg)?.Type, Is.EqualTo(type));
            }

            Assert.That(parsed.Meta.RequestId, Is.EqualTo(new RequestId(parameters.GetProperty("_meta").GetProperty("requestId").GetInt64())));
            Assert.That(parsed.Meta.ThreadId, Is.EqualTo(parameters.GetProperty("_meta").GetProperty("threadId").GetString()));
            Assert.That(JsonSemantic.Diff(expected.RootElement, written), Is.Null);
        }
    }

    [TestCaseSource(nameof(Elicitations))]
    public void Elicitation_FromCapture_ReadsAsTheCodexParamsAndWritesBackTheSameJson(JsonElement parameters)
    {
        var kind = parameters.GetProperty("codex_elicitation").GetString();
        JsonElement written;
        CodexApprovalElicitRequestParams parsed;
        if (kind == CodexElicitationKinds.ExecApproval)
        {
            var exec = parameters.Deserialize(ProtocolJsonContext.Default.ExecApprovalElicitRequestParams)!;
            parsed = exec;
            written = JsonSerializer.SerializeToElement(exec, ProtocolJsonContext.Default.ExecApprovalElicitRequestParams);
        }
        else
        {
            var patch = parameters.Deserialize(ProtocolJsonContext.Default.PatchApprovalElicitRequestParams)!;
            parsed = patch;
            written = JsonSerializer.SerializeToElement(patch, ProtocolJsonContext.Default.PatchApprovalElicitRequestParams);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kind, Is.AnyOf(CodexElicitationKinds.ExecApproval, CodexElicitationKinds.PatchApproval));
            Assert.That(parsed.ThreadId, Is.EqualTo(parameters.GetProperty("threadId").GetString()));
            Assert.That(parsed.CodexMcpToolCallId, Is.EqualTo(parameters.GetProperty("codex_mcp_tool_call_id").GetString()));
            Assert.That(JsonSemantic.Diff(ReferenceCaptures.ElicitationToBaselineTagging(parameters), written), Is.Null);
        }
    }

    [Test]
    public void Captures_HoldTheExpectedMessages()
    {
        var events = ReferenceCaptures.Messages(CodexEvent.Method).ToList();
        var types = events.Select(e => e.Params.GetProperty("msg").GetProperty("type").GetString()).ToHashSet();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(events, Has.Count.EqualTo(77));
            Assert.That(ReferenceCaptures.Messages("elicitation/create").Count(), Is.EqualTo(2));
            Assert.That(types, Is.SupersetOf(new[] { "session_configured", "task_started", "task_complete", "exec_approval_request", "apply_patch_approval_request", "patch_apply_begin", "patch_apply_end", "item_started", "turn_diff", "token_count" }));
        }
    }

    [Test]
    public void UserMessageItem_FromCapture_ReadAsTypedItemWithExtraFieldsKept()
    {
        var (_, parameters) = ReferenceCaptures.Messages(CodexEvent.Method)
            .First(m => m.Params.GetProperty("msg").GetProperty("type").GetString() == "item_started"
                && m.Params.GetProperty("msg").GetProperty("item").GetProperty("type").GetString() == "UserMessage");

        var started = (ItemStartedEvent)parameters.Deserialize(ProtocolJsonContext.Default.CodexEvent)!.Msg;
        var item = (UserMessageTurnItem)started.Item;
        var text = (TextUserInput)item.Content[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text.Text, Is.EqualTo("say hi"));
            Assert.That(text.ExtensionData?.Keys, Is.EquivalentTo(new[] { "text_elements" }));
            Assert.That(started.ExtensionData?.Keys, Is.EquivalentTo(new[] { "started_at_ms" }));
        }
    }

    [Test]
    public void ExecApproval_FromCapture_TypedFieldsRead()
    {
        var (_, parameters) = ReferenceCaptures.Messages(CodexEvent.Method)
            .First(m => m.Params.GetProperty("msg").GetProperty("type").GetString() == "exec_approval_request");

        var request = (ExecApprovalRequestEvent)parameters.Deserialize(ProtocolJsonContext.Default.CodexEvent)!.Msg;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.CallId, Is.EqualTo("call_2"));
            Assert.That(request.Command, Is.EqualTo(new[] { "/bin/bash", "-lc", "echo hello > out.txt" }));
            Assert.That(request.Reason, Is.EqualTo("Write out.txt for the test"));
            Assert.That(request.ParsedCmd, Is.EqualTo(new ParsedCommand[] { new UnknownParsedCommand { Cmd = "echo hello > out.txt" } }));
            Assert.That(request.ExtensionData?.Keys, Does.Contain("available_decisions").And.Contain("turn_id"));
        }
    }
}
