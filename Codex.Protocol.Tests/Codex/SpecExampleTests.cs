using System.Text;
using System.Text.Json;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Codex.Protocol.Tests.Support;

namespace Codex.Protocol.Tests.Codex;

/// <summary>
/// The worked examples of the spec, read and written back unchanged: the §3.2 event byte for byte
/// (as compact JSON); the §4 requests as one compact line with the same members and values (the
/// library writes the Codex-specific members before the MCP ones, and key order carries no meaning).
/// </summary>
[TestFixture]
public sealed class SpecExampleTests
{
    // §3.2, "Example session_configured".
    private const string SessionConfigured = """
        {"_meta":{"requestId":1},"id":"","msg":{"type":"session_configured",
         "session_id":"0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10","model":"gpt-5-codex",
         "history_log_id":0,"history_entry_count":0,
         "rollout_path":"/home/u/.codex/sessions/2025/10/21/rollout-2025-10-21T10-00-00-0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10.jsonl"}}
        """;

    // §4.1, the exec approval request.
    private const string ExecApproval = """
        {
          "jsonrpc": "2.0",
          "id": 0,
          "method": "elicitation/create",
          "params": {
            "message": "Allow Codex to run `python3 -c \"import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()\"` in `/tmp/.tmpAbC123`?",
            "requestedSchema": { "type": "object", "properties": {} },
            "codex_elicitation": "exec-approval",
            "codex_mcp_tool_call_id": "1",
            "codex_event_id": "1",
            "codex_call_id": "call1234",
            "codex_command": ["python3", "-c", "import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()"],
            "codex_cwd": "/tmp/.tmpAbC123",
            "codex_parsed_cmd": [
              { "type": "unknown", "cmd": "python3 -c \"import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()\"" }
            ]
          }
        }
        """;

    // §4.2, the patch approval request.
    private const string PatchApproval = """
        {
          "jsonrpc": "2.0",
          "id": 0,
          "method": "elicitation/create",
          "params": {
            "message": "Allow Codex to apply proposed code changes?",
            "requestedSchema": { "type": "object", "properties": {} },
            "codex_elicitation": "patch-approval",
            "codex_mcp_tool_call_id": "1",
            "codex_event_id": "1",
            "codex_call_id": "call1234",
            "codex_changes": {
              "/tmp/.tmpXyZ/destination_file.txt": {
                "update": { "unified_diff": "@@ -1 +1 @@\n-original content\n+modified content\n", "move_path": null }
              }
            }
          }
        }
        """;

    [Test]
    public void SessionConfiguredExample_RoundTripsExactly()
    {
        var parsed = JsonSerializer.Deserialize(SessionConfigured, ProtocolJsonContext.Default.CodexEvent)!;

        var written = JsonSerializer.Serialize(parsed, ProtocolJsonContext.Default.CodexEvent);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.Msg, Is.EqualTo(new SessionConfiguredEvent
            {
                SessionId = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10",
                HistoryLogId = 0,
                HistoryEntryCount = 0,
                Model = "gpt-5-codex",
                RolloutPath = "/home/u/.codex/sessions/2025/10/21/rollout-2025-10-21T10-00-00-0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10.jsonl",
            }));
            Assert.That(written, Is.EqualTo(Compact(SessionConfigured)));
        }
    }

    [Test]
    public void ExecApprovalExample_RoundTripsWithoutChange()
    {
        var request = ParseRequest(ExecApproval);
        var parameters = request.Params!.Value.Deserialize(ProtocolJsonContext.Default.ExecApprovalElicitRequestParams)!;

        var written = Encoding.UTF8.GetString(JsonRpcMessageCodec.WriteRequest(request.Id, request.Method, parameters, ProtocolJsonContext.Default.ExecApprovalElicitRequestParams));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.CodexCommand, Is.EqualTo(new[] { "python3", "-c", "import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()" }));
            Assert.That(parameters.CodexParsedCmd, Is.EqualTo(new ParsedCommand[] { new UnknownParsedCommand { Cmd = "python3 -c \"import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()\"" } }));
            Assert.That(parameters.CodexReason, Is.Null);
            Assert.That(parameters.ThreadId, Is.Null);
            Assert.That(written, Does.EndWith("}\n").And.Length.EqualTo(Compact(ExecApproval).Length + 1));
            Assert.That(JsonSemantic.Diff(ExecApproval, written), Is.Null);
        }
    }

    [Test]
    public void PatchApprovalExample_RoundTripsWithoutChange()
    {
        var request = ParseRequest(PatchApproval);
        var parameters = request.Params!.Value.Deserialize(ProtocolJsonContext.Default.PatchApprovalElicitRequestParams)!;

        var written = Encoding.UTF8.GetString(JsonRpcMessageCodec.WriteRequest(request.Id, request.Method, parameters, ProtocolJsonContext.Default.PatchApprovalElicitRequestParams));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.CodexChanges, Is.EquivalentTo(new Dictionary<string, FileChange>
            {
                ["/tmp/.tmpXyZ/destination_file.txt"] = new UpdateFileChange("@@ -1 +1 @@\n-original content\n+modified content\n"),
            }));
            Assert.That(parameters.CodexGrantRoot, Is.Null);
            Assert.That(written, Does.EndWith("}\n").And.Length.EqualTo(Compact(PatchApproval).Length + 1));
            Assert.That(JsonSemantic.Diff(PatchApproval, written), Is.Null);
        }
    }

    [Test]
    public void ExecApprovalExample_BuiltInCode_SameJson()
    {
        var parameters = new ExecApprovalElicitRequestParams
        {
            Message = "Allow Codex to run `python3 -c \"import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()\"` in `/tmp/.tmpAbC123`?",
            RequestedSchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone(),
            CodexElicitation = CodexElicitationKinds.ExecApproval,
            CodexMcpToolCallId = "1",
            CodexEventId = "1",
            CodexCallId = "call1234",
            CodexCommand = ["python3", "-c", "import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()"],
            CodexCwd = "/tmp/.tmpAbC123",
            CodexParsedCmd = [new UnknownParsedCommand { Cmd = "python3 -c \"import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()\"" }],
        };

        var written = JsonRpcMessageCodec.WriteRequest(new RequestId(0), McpMethods.ElicitationCreate, parameters, ProtocolJsonContext.Default.ExecApprovalElicitRequestParams);

        Assert.That(JsonSemantic.Diff(ExecApproval, Encoding.UTF8.GetString(written)), Is.Null);
    }

    private static JsonRpcRequest ParseRequest(string json)
    {
        var parsed = JsonRpcMessageCodec.Parse(Encoding.UTF8.GetBytes(Compact(json)));
        Assert.That(parsed.Message, Is.InstanceOf<JsonRpcRequest>());
        return (JsonRpcRequest)parsed.Message!;
    }

    /// <summary>The text without insignificant whitespace, keys kept in their order; as the original writes it.</summary>
    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
