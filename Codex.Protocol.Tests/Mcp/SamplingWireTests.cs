using System.Text.Json;
using Codex.Protocol.Mcp;
using Codex.Protocol.Tests.Support;

namespace Codex.Protocol.Tests.Mcp;

/// <summary>
/// The <c>sampling/createMessage</c> wire records against literal MCP 2025-11-25 JSON: round trips,
/// both content forms, a tool_use/tool_result exchange, unknown block types and malformed results.
/// </summary>
public sealed class SamplingWireTests
{
    private const string SpecRequest = """
        {
          "messages": [
            { "role": "user", "content": [{ "type": "text", "text": "What is the capital of France?" }] }
          ],
          "modelPreferences": {
            "hints": [{ "name": "claude-3-sonnet" }],
            "intelligencePriority": 0.8,
            "speedPriority": 0.5,
            "costPriority": 0.25
          },
          "systemPrompt": "You are a helpful assistant.",
          "includeContext": "none",
          "temperature": 0.7,
          "maxTokens": 100,
          "stopSequences": ["\n\nHuman:"],
          "metadata": { "provider": { "cache": true } },
          "tools": [
            {
              "name": "get_weather",
              "description": "Get the current weather for a city",
              "inputSchema": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] }
            }
          ],
          "toolChoice": { "mode": "auto" }
        }
        """;

    private const string ToolExchangeRequest = """
        {
          "messages": [
            { "role": "user", "content": [{ "type": "text", "text": "What's the weather in Paris and London?" }] },
            {
              "role": "assistant",
              "content": [
                { "type": "tool_use", "id": "call_abc123", "name": "get_weather", "input": { "city": "Paris" } },
                { "type": "tool_use", "id": "call_def456", "name": "get_weather", "input": { "city": "London" } }
              ]
            },
            {
              "role": "user",
              "content": [
                { "type": "tool_result", "toolUseId": "call_abc123", "content": [{ "type": "text", "text": "18°C, partly cloudy" }], "structuredContent": { "celsius": 18 } },
                { "type": "tool_result", "toolUseId": "call_def456", "content": [{ "type": "text", "text": "London is unreachable" }], "isError": true }
              ]
            }
          ],
          "maxTokens": 1000,
          "tools": [
            { "name": "get_weather", "description": "Get the current weather for a city", "inputSchema": { "type": "object", "properties": { "city": { "type": "string" } }, "required": ["city"] } }
          ],
          "toolChoice": { "mode": "required" }
        }
        """;

    [Test]
    public void CreateMessageRequestParams_SpecExample_RoundTripsUnchanged()
    {
        var parameters = JsonSerializer.Deserialize(SpecRequest, ProtocolJsonContext.Default.CreateMessageRequestParams)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Messages.Single().Content.Single(), Is.EqualTo(new SamplingTextContent { Text = "What is the capital of France?" }));
            Assert.That(parameters.ModelPreferences!.Hints!.Single().Name, Is.EqualTo("claude-3-sonnet"));
            Assert.That(parameters.ModelPreferences.CostPriority, Is.EqualTo(0.25));
            Assert.That(parameters.SystemPrompt, Is.EqualTo("You are a helpful assistant."));
            Assert.That(parameters.IncludeContext, Is.EqualTo("none"));
            Assert.That(parameters.Temperature, Is.EqualTo(0.7));
            Assert.That(parameters.MaxTokens, Is.EqualTo(100));
            Assert.That(parameters.StopSequences, Is.EqualTo(new[] { "\n\nHuman:" }));
            Assert.That(parameters.Metadata!.Value.GetProperty("provider").GetProperty("cache").GetBoolean(), Is.True);
            Assert.That(parameters.Tools!.Single().Name, Is.EqualTo("get_weather"));
            Assert.That(parameters.ToolChoice, Is.EqualTo(ToolChoice.Auto));
            Assert.That(JsonSemantic.Diff(SpecRequest, JsonSerializer.Serialize(parameters, ProtocolJsonContext.Default.CreateMessageRequestParams)), Is.Null);
        }
    }

    [Test]
    public void CreateMessageRequestParams_OnlyRequiredMembers_OmitsEveryOptionalMember()
    {
        var parameters = new CreateMessageRequestParams
        {
            Messages = [new SamplingMessage { Role = "user", Content = [new SamplingTextContent { Text = "hi" }] }],
            MaxTokens = 16,
        };

        var json = JsonSerializer.Serialize(parameters, ProtocolJsonContext.Default.CreateMessageRequestParams);

        Assert.That(json, Is.EqualTo("""{"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"maxTokens":16}"""));
    }

    [Test]
    public void CreateMessageRequestParams_AsCodexSendsIt_WritesTheSameBytesAsBefore()
    {
        // The mcp-client provider's request, member for member as the hand-written writer produced it.
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}""");
        using var input = JsonDocument.Parse("""{"command":["ls"]}""");
        var parameters = new CreateMessageRequestParams
        {
            Messages =
            [
                new SamplingMessage { Role = "user", Content = [new SamplingTextContent { Text = "list" }] },
                new SamplingMessage { Role = "assistant", Content = [new SamplingTextContent { Text = "Listing." }, new ToolUseContent { Id = "use_1", Name = "shell", Input = input.RootElement }] },
                new SamplingMessage { Role = "user", Content = [new ToolResultContent { ToolUseId = "use_1", Content = [new TextContentBlock { Text = "a.txt" }] }] },
            ],
            SystemPrompt = "be brief",
            IncludeContext = "none",
            MaxTokens = 16384,
            Tools = [new Tool { Name = "shell", Description = "Runs a command.", InputSchema = schema.RootElement }],
            ToolChoice = ToolChoice.Auto,
        };

        var json = JsonSerializer.Serialize(parameters, ProtocolJsonContext.Default.CreateMessageRequestParams);

        Assert.That(json, Is.EqualTo(
            """{"messages":[{"role":"user","content":[{"type":"text","text":"list"}]}"""
            + """,{"role":"assistant","content":[{"type":"text","text":"Listing."},{"type":"tool_use","id":"use_1","name":"shell","input":{"command":["ls"]}}]}"""
            + """,{"role":"user","content":[{"type":"tool_result","toolUseId":"use_1","content":[{"type":"text","text":"a.txt"}]}]}]"""
            + ""","systemPrompt":"be brief","includeContext":"none","maxTokens":16384"""
            + ""","tools":[{"name":"shell","description":"Runs a command.","inputSchema":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}}]"""
            + ""","toolChoice":{"mode":"auto"}}"""));
    }

    [Test]
    public void CreateMessageRequestParams_ToolUseAndToolResultExchange_RoundTripsUnchanged()
    {
        var parameters = JsonSerializer.Deserialize(ToolExchangeRequest, ProtocolJsonContext.Default.CreateMessageRequestParams)!;

        var uses = parameters.Messages[1].Content.Cast<ToolUseContent>().ToList();
        var results = parameters.Messages[2].Content.Cast<ToolResultContent>().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(uses.Select(u => (u.Id, u.Name, u.Input.GetProperty("city").GetString())), Is.EqualTo(new[] { ("call_abc123", "get_weather", "Paris"), ("call_def456", "get_weather", "London") }));
            Assert.That(results.Select(r => r.ToolUseId), Is.EqualTo(uses.Select(u => u.Id)));
            Assert.That(results[0].Content.Single(), Is.EqualTo(new TextContentBlock { Text = "18°C, partly cloudy" }));
            Assert.That(results[0].StructuredContent!.Value.GetProperty("celsius").GetInt32(), Is.EqualTo(18));
            Assert.That(results[0].IsError, Is.Null);
            Assert.That(results[1].IsError, Is.True);
            Assert.That(parameters.ToolChoice!.Mode, Is.EqualTo("required"));
            Assert.That(JsonSemantic.Diff(ToolExchangeRequest, JsonSerializer.Serialize(parameters, ProtocolJsonContext.Default.CreateMessageRequestParams)), Is.Null);
        }
    }

    [Test]
    public void CreateMessageResult_SingleBlockContent_ReadsOneBlockAndWritesTheArrayForm()
    {
        const string single = """{"role":"assistant","content":{"type":"text","text":"The capital of France is Paris."},"model":"claude-3-sonnet-20240307","stopReason":"endTurn"}""";

        var result = JsonSerializer.Deserialize(single, ProtocolJsonContext.Default.CreateMessageResult)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Role, Is.EqualTo("assistant"));
            Assert.That(result.Content, Is.EqualTo(new SamplingContent[] { new SamplingTextContent { Text = "The capital of France is Paris." } }));
            Assert.That(result.Model, Is.EqualTo("claude-3-sonnet-20240307"));
            Assert.That(result.StopReason, Is.EqualTo("endTurn"));
            Assert.That(
                JsonSerializer.Serialize(result, ProtocolJsonContext.Default.CreateMessageResult),
                Is.EqualTo("""{"role":"assistant","content":[{"type":"text","text":"The capital of France is Paris."}],"model":"claude-3-sonnet-20240307","stopReason":"endTurn"}"""));
        }
    }

    [Test]
    public void CreateMessageResult_ArrayContentWithToolUses_RoundTripsUnchanged()
    {
        const string answer = """
            {
              "role": "assistant",
              "content": [
                { "type": "text", "text": "Checking both." },
                { "type": "tool_use", "id": "call_abc123", "name": "get_weather", "input": { "city": "Paris" } },
                { "type": "tool_use", "id": "call_def456", "name": "get_weather", "input": { "city": "London" } }
              ],
              "model": "claude-3-sonnet-20240307",
              "stopReason": "toolUse"
            }
            """;

        var result = JsonSerializer.Deserialize(answer, ProtocolJsonContext.Default.CreateMessageResult)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Content.Select(c => c.Type), Is.EqualTo(new[] { "text", "tool_use", "tool_use" }));
            Assert.That(((ToolUseContent)result.Content[2]).Input.GetProperty("city").GetString(), Is.EqualTo("London"));
            Assert.That(result.StopReason, Is.EqualTo("toolUse"));
            Assert.That(JsonSemantic.Diff(answer, JsonSerializer.Serialize(result, ProtocolJsonContext.Default.CreateMessageResult)), Is.Null);
        }
    }

    [Test]
    public void CreateMessageResult_WithoutStopReason_OmitsIt()
    {
        const string answer = """{"role":"assistant","content":[{"type":"text","text":"ok"}],"model":"m"}""";

        var result = JsonSerializer.Deserialize(answer, ProtocolJsonContext.Default.CreateMessageResult)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StopReason, Is.Null);
            Assert.That(JsonSerializer.Serialize(result, ProtocolJsonContext.Default.CreateMessageResult), Is.EqualTo(answer));
        }
    }

    [TestCase("""{"type":"image","data":"iVBORw0KGgo=","mimeType":"image/png"}""", "image")]
    [TestCase("""{"type":"thinking","thinking":"hmm","signature":"abc"}""", "thinking")]
    public void CreateMessageResult_UnknownBlockType_KeptAsUnknownAndWrittenBackVerbatim(string block, string type)
    {
        var answer = $$"""{"role":"assistant","content":[{"type":"text","text":"see"},{{block}}],"model":"m"}""";

        var result = JsonSerializer.Deserialize(answer, ProtocolJsonContext.Default.CreateMessageResult)!;

        var unknown = result.Content[1] as UnknownSamplingContent;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Content[0], Is.EqualTo(new SamplingTextContent { Text = "see" }));
            Assert.That(unknown, Is.Not.Null);
            Assert.That(unknown!.Type, Is.EqualTo(type));
            Assert.That(unknown.Raw.GetRawText(), Is.EqualTo(block));
            Assert.That(JsonSerializer.Serialize(result, ProtocolJsonContext.Default.CreateMessageResult), Is.EqualTo(answer));
        }
    }

    [TestCase("""{"role":"assistant","model":"m"}""", "content")]
    [TestCase("""{"role":"assistant","content":[{"type":"text","text":"x"}]}""", "model")]
    [TestCase("""{"role":"assistant","content":{"type":"text"},"model":"m"}""", "text")]
    [TestCase("""{"role":"assistant","content":[{"type":"tool_use","name":"shell","input":{}}],"model":"m"}""", "id")]
    [TestCase("""{"role":"assistant","content":[{"type":"tool_result","toolUseId":"u"}],"model":"m"}""", "content")]
    public void CreateMessageResult_MissingRequiredMember_ThrowsJsonExceptionNamingIt(string answer, string member)
    {
        Assert.That(
            () => JsonSerializer.Deserialize(answer, ProtocolJsonContext.Default.CreateMessageResult),
            Throws.InstanceOf<JsonException>().With.Message.Contains($"'{member}'"));
    }

    [TestCase("""{"role":"assistant","content":"just text","model":"m"}""", "`content` must be a content block or an array")]
    [TestCase("""{"role":"assistant","content":null,"model":"m"}""", "`content` must be a content block or an array")]
    [TestCase("""{"role":"assistant","content":[42],"model":"m"}""", "must be a JSON object")]
    [TestCase("""{"role":"assistant","content":[null],"model":"m"}""", "must be a JSON object")]
    [TestCase("""{"role":"assistant","content":[{"text":"untagged"}],"model":"m"}""", "needs a string `type`")]
    [TestCase("""{"role":"assistant","content":{"type":7},"model":"m"}""", "needs a string `type`")]
    public void CreateMessageResult_MalformedContent_ThrowsAClearJsonException(string answer, string message)
    {
        Assert.That(
            () => JsonSerializer.Deserialize(answer, ProtocolJsonContext.Default.CreateMessageResult),
            Throws.InstanceOf<JsonException>().With.Message.Contains(message));
    }

    [Test]
    public void SamplingMessage_SingleBlockAndArrayForms_ReadTheSameBlocks()
    {
        var single = JsonSerializer.Deserialize("""{"role":"user","content":{"type":"tool_result","toolUseId":"u1","content":[{"type":"text","text":"done"}]}}""", ProtocolJsonContext.Default.SamplingMessage)!;
        var array = JsonSerializer.Deserialize("""{"role":"user","content":[{"type":"tool_result","toolUseId":"u1","content":[{"type":"text","text":"done"}]}]}""", ProtocolJsonContext.Default.SamplingMessage)!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(single.Content, Has.Count.EqualTo(1));
            var first = (ToolResultContent)single.Content[0];
            var second = (ToolResultContent)array.Content[0];
            Assert.That((first.ToolUseId, first.Content.Single()), Is.EqualTo((second.ToolUseId, second.Content.Single())));
            Assert.That(first.Content.Single(), Is.EqualTo(new TextContentBlock { Text = "done" }));
            Assert.That(JsonSerializer.Serialize(single, ProtocolJsonContext.Default.SamplingMessage), Is.EqualTo(JsonSerializer.Serialize(array, ProtocolJsonContext.Default.SamplingMessage)));
        }
    }

    [Test]
    public void SamplingContent_TypeAfterOtherMembers_StillReadsTheRecord()
    {
        var block = JsonSerializer.Deserialize("""{"id":"u","name":"shell","input":{"command":["ls"]},"type":"tool_use"}""", ProtocolJsonContext.Default.SamplingContent);

        Assert.That(block, Is.TypeOf<ToolUseContent>().With.Property(nameof(ToolUseContent.Name)).EqualTo("shell"));
    }
}
