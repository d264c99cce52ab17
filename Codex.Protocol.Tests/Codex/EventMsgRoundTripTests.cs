using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Tests.Support;

namespace Codex.Protocol.Tests.Codex;

[TestFixture]
public sealed class EventMsgRoundTripTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        EventMsgCases.All().Select(c => new TestCaseData(c.Event, c.Json).SetArgDisplayNames(c.Name));

    [TestCaseSource(nameof(Cases))]
    public void Serialize_InCodexEventEnvelope_MatchesTheSpecTable(EventMsg message, string expectedMsg)
    {
        var envelope = new CodexEvent { Meta = new CodexEventMeta { RequestId = new RequestId(7) }, Id = "7", Msg = message };

        var json = JsonSerializer.Serialize(envelope, ProtocolJsonContext.Default.CodexEvent);

        Assert.That(JsonSemantic.Diff($$"""{"_meta":{"requestId":7},"id":"7","msg":{{expectedMsg}}}""", json), Is.Null);
    }

    [TestCaseSource(nameof(Cases))]
    public void Deserialize_SpecJson_SameVariantAndWritesBackTheSameJson(EventMsg message, string expectedMsg)
    {
        var envelopeJson = $$"""{"_meta":{"requestId":"req-1","threadId":"t"},"id":"","msg":{{expectedMsg}}}""";

        var parsed = JsonSerializer.Deserialize(envelopeJson, ProtocolJsonContext.Default.CodexEvent)!;
        var written = JsonSerializer.Serialize(parsed, ProtocolJsonContext.Default.CodexEvent);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Msg.GetType(), Is.EqualTo(message.GetType()));
            Assert.That(parsed.Msg.ExtensionData, Is.Null.Or.Empty);
            Assert.That(parsed.Meta.RequestId, Is.EqualTo(new RequestId("req-1")));
            Assert.That(parsed.Meta.ThreadId, Is.EqualTo("t"));
            Assert.That(JsonSemantic.Diff(envelopeJson, written), Is.Null);
        }
    }

    [Test]
    public void Cases_CoverEveryEventMsgVariant()
    {
        var declared = typeof(EventMsg).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!).Order(StringComparer.Ordinal);
        var covered = EventMsgCases.All().Select(c => JsonDocument.Parse(c.Json).RootElement.GetProperty("type").GetString()!).Distinct().Order(StringComparer.Ordinal);

        Assert.That(covered, Is.EqualTo(declared));
    }

    [Test]
    public void Cases_SpecVariantListIsDeclared()
    {
        // The §3.2 table, verbatim: a variant dropped from the library must fail here.
        string[] spec =
        [
            "error", "task_started", "task_complete", "token_count", "agent_message", "user_message", "agent_message_delta",
            "agent_reasoning", "agent_reasoning_delta", "agent_reasoning_raw_content", "agent_reasoning_raw_content_delta",
            "agent_reasoning_section_break", "session_configured", "mcp_tool_call_begin", "mcp_tool_call_end", "web_search_begin",
            "web_search_end", "exec_command_begin", "exec_command_output_delta", "exec_command_end", "view_image_tool_call",
            "exec_approval_request", "apply_patch_approval_request", "background_event", "stream_error", "patch_apply_begin",
            "patch_apply_end", "turn_diff", "get_history_entry_response", "mcp_list_tools_response", "list_custom_prompts_response",
            "plan_update", "turn_aborted", "shutdown_complete", "conversation_path", "entered_review_mode", "exited_review_mode",
            "item_started", "item_completed",
        ];
        var declared = typeof(EventMsg).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!);

        Assert.That(declared, Is.EquivalentTo(spec));
    }

    [Test]
    public void Deserialize_TypeNotFirst_StillThatVariant()
    {
        var parsed = JsonSerializer.Deserialize("""{"_meta":{"requestId":1},"id":"1","msg":{"message":"late tag","type":"error"}}""", ProtocolJsonContext.Default.CodexEvent)!;

        Assert.That(parsed.Msg, Is.EqualTo(new ErrorEvent { Message = "late tag" }));
    }

    [Test]
    public void Deserialize_UnknownFieldsOfAKnownVariant_KeptInExtensionDataAndWrittenBack()
    {
        const string json = """{"_meta":{"requestId":1},"id":"1","msg":{"type":"task_started","turn_id":"t-1","started_at":1795268027,"model_context_window":258400,"collaboration_mode_kind":"default"}}""";

        var parsed = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.CodexEvent)!;
        var started = (TaskStartedEvent)parsed.Msg;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(started.ModelContextWindow, Is.EqualTo(258400));
            Assert.That(started.ExtensionData?.Keys, Is.EquivalentTo(new[] { "turn_id", "started_at", "collaboration_mode_kind" }));
            Assert.That(JsonSemantic.Diff(json, JsonSerializer.Serialize(parsed, ProtocolJsonContext.Default.CodexEvent)), Is.Null);
        }
    }

    [Test]
    public void Deserialize_UnknownVariant_UnknownEventMsgKeptWhole()
    {
        const string json = """{"_meta":{"requestId":"x"},"id":"","msg":{"type":"mcp_startup_complete","ready":["a"],"failed":[],"cancelled":[]}}""";

        var parsed = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.CodexEvent)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Msg, Is.InstanceOf<UnknownEventMsg>());
            Assert.That(((UnknownEventMsg)parsed.Msg).Type, Is.EqualTo("mcp_startup_complete"));
            Assert.That(JsonSemantic.Diff(json, JsonSerializer.Serialize(parsed, ProtocolJsonContext.Default.CodexEvent)), Is.Null);
        }
    }

    [Test]
    public void Deserialize_FileChangeInternallyTagged_ReadAsTheSameChange()
    {
        const string json = """
            {"_meta":{"requestId":1},"id":"1","msg":{"type":"patch_apply_begin","call_id":"c","auto_approved":true,"changes":{
              "/a":{"type":"add","content":"x\n"},
              "/b":{"type":"delete","content":"y\n"},
              "/c":{"type":"update","unified_diff":"@@ -1 +1 @@\n-a\n+b\n","move_path":"/d"}}}}
            """;

        var begin = (PatchApplyBeginEvent)JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.CodexEvent)!.Msg;

        Assert.That(begin.Changes, Is.EquivalentTo(new Dictionary<string, FileChange>
        {
            ["/a"] = new AddFileChange("x\n"),
            ["/b"] = new DeleteFileChange("y\n"),
            ["/c"] = new UpdateFileChange("@@ -1 +1 @@\n-a\n+b\n", "/d"),
        }));
    }

    [Test]
    public void Serialize_MetaWithThreadId_WritesBothIdsWithTheirTypes()
    {
        var envelope = new CodexEvent
        {
            Meta = new CodexEventMeta { RequestId = new RequestId("abc"), ThreadId = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10" },
            Id = "abc",
            Msg = new AgentReasoningSectionBreakEvent(),
        };

        var json = JsonSerializer.Serialize(envelope, ProtocolJsonContext.Default.CodexEvent);

        Assert.That(JsonSemantic.Diff(
            """{"_meta":{"requestId":"abc","threadId":"0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10"},"id":"abc","msg":{"type":"agent_reasoning_section_break"}}""",
            json), Is.Null);
    }
}
