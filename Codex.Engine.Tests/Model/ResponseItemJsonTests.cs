using System.Text.Json;
using Codex.Engine.Model;

namespace Codex.Engine.Tests.Model;

public sealed class ResponseItemJsonTests
{
    private static readonly string[] SpecShapes =
    [
        """{"type":"message","role":"user","content":[{"type":"input_text","text":"say hi"}]}""",
        """{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hi there"}]}""",
        """{"type":"message","role":"developer","content":[{"type":"input_text","text":"rules"}]}""",
        """{"type":"message","role":"user","content":[{"type":"input_text","text":"look"},{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo="}]}""",
        """{"type":"reasoning","summary":[{"type":"summary_text","text":"thinking"}],"encrypted_content":"gAAAA"}""",
        """{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"raw"}]}""",
        """{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1"}""",
        """{"type":"function_call_output","call_id":"call_1","output":"{\"output\":\"a\\n\",\"metadata\":{\"exit_code\":0,\"duration_seconds\":0.1}}"}""",
        """{"type":"custom_tool_call","call_id":"call_2","name":"apply_patch","input":"*** Begin Patch\n*** End Patch"}""",
        """{"type":"custom_tool_call_output","call_id":"call_2","output":"Success."}""",
        """{"type":"local_shell_call","call_id":"ls_1","status":"completed","action":{"type":"exec","command":["ls","-l"],"timeout_ms":null,"working_directory":null,"env":null,"user":null}}""",
        """{"type":"web_search_call","status":"completed","action":{"type":"search","query":"weather"}}""",
        """{"type":"message","id":"msg_1","role":"assistant","content":[{"type":"output_text","text":"kept id"}]}""",
    ];

    [TestCaseSource(nameof(SpecShapes))]
    public void ToJson_ParsedSpecShape_RoundTripsExactly(string json)
    {
        var item = ResponseItem.Parse(json);

        Assert.That(item.ToJson(), Is.EqualTo(json));
    }

    [Test]
    public void TryParse_TypeAfterOtherProperties_StillParses()
    {
        using var document = JsonDocument.Parse("""{"id":"fc_9","call_id":"c9","name":"shell","arguments":"{}","status":"completed","type":"function_call"}""");

        var parsed = ResponseItem.TryParse(document.RootElement, out var item);

        Assert.That(parsed, Is.True);
        Assert.That(item, Is.EqualTo(new FunctionCallItem { Id = "fc_9", CallId = "c9", Name = "shell", Arguments = "{}" }));
    }

    [TestCase("""{"type":"image_generation_call","id":"ig_1"}""")]
    [TestCase("""{"type":"function_call","name":"shell","arguments":"{}"}""")]
    [TestCase("""{"role":"user","content":[]}""")]
    [TestCase("""{"type":"message","role":"user","content":[{"type":"video","url":"x"}]}""")]
    [TestCase("""[1,2]""")]
    public void TryParse_UnknownOrMalformedItem_ReturnsFalse(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.That(ResponseItem.TryParse(document.RootElement, out var item), Is.False);
        Assert.That(item, Is.Null);
    }

    [Test]
    public void Serialize_HistoryList_UsesTheWireShapes()
    {
        List<ResponseItem> history = [MessageItem.User("hi"), MessageItem.Assistant("hello")];

        var json = JsonSerializer.Serialize(history, ModelJsonContext.Default.ListResponseItem);

        Assert.That(json, Is.EqualTo(
            """[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},""" +
            """{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hello"}]}]"""));
    }

    [Test]
    public void Text_MessageWithSeveralParts_ConcatenatesTextParts()
    {
        var message = (MessageItem)ResponseItem.Parse(
            """{"type":"message","role":"assistant","content":[{"type":"output_text","text":"a"},{"type":"refusal","refusal":"b"},{"type":"output_text","text":"c"}]}""");

        Assert.That(message.Text, Is.EqualTo("abc"));
        Assert.That(message.LastOutputText, Is.EqualTo("c"));
    }

    [Test]
    public void Query_WebSearchCall_ReadsTheSearchQuery()
    {
        var call = (WebSearchCallItem)ResponseItem.Parse("""{"type":"web_search_call","status":"completed","action":{"type":"search","query":"weather"}}""");

        Assert.That(call.Query, Is.EqualTo("weather"));
    }
}
