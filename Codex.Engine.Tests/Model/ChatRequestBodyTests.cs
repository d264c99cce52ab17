using System.Text;
using System.Text.Json;
using Codex.Engine.Model;

namespace Codex.Engine.Tests.Model;

public sealed class ChatRequestBodyTests
{
    private static string Messages(params ResponseItem[] input)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            ChatRequestBody.WriteMessages(json, "sys", input);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Test]
    public void WriteMessages_RawReasoningAfterLastUser_AttachesToTheNextAssistantItem()
    {
        var json = Messages(
            MessageItem.User("q"),
            new ReasoningItem { Summary = [], Content = [new ReasoningText { Text = "thinking" }] },
            new FunctionCallItem { Name = "shell", Arguments = "{}", CallId = "c1" });

        Assert.That(json, Is.EqualTo(
            """[{"role":"system","content":"sys"},{"role":"user","content":"q"},""" +
            """{"role":"assistant","content":null,"reasoning":"thinking","tool_calls":[{"id":"c1","type":"function","function":{"name":"shell","arguments":"{}"}}]}]"""));
    }

    [Test]
    public void WriteMessages_ReasoningBeforeLastUser_IsDropped()
    {
        var json = Messages(
            new ReasoningItem { Summary = [], Content = [new ReasoningText { Text = "old" }] },
            MessageItem.Assistant("a"),
            MessageItem.User("q"));

        Assert.That(json, Does.Not.Contain("reasoning"));
    }

    [Test]
    public void WriteMessages_CustomToolCallAndOutput_BecomeToolCallAndToolMessage()
    {
        var json = Messages(
            new CustomToolCallItem { Name = "apply_patch", Input = "patch", CallId = "c2" },
            new CustomToolCallOutputItem { CallId = "c2", Output = "ok" });

        Assert.That(json, Is.EqualTo(
            """[{"role":"system","content":"sys"},""" +
            """{"role":"assistant","content":null,"tool_calls":[{"id":"c2","type":"custom","custom":{"name":"apply_patch","input":"patch"}}]},""" +
            """{"role":"tool","tool_call_id":"c2","content":"ok"}]"""));
    }

    [Test]
    public void Build_NoFunctionTools_OmitsTools()
    {
        var request = new ModelRequest { Model = "m", Instructions = "sys", Input = [MessageItem.User("q")] };

        using var document = JsonDocument.Parse(ChatRequestBody.Build(request));

        Assert.That(document.RootElement.TryGetProperty("tools", out _), Is.False);
    }
}
