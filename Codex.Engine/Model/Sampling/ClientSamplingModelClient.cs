using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Codex.Engine.Model.Sampling;

/// <summary>
/// The <c>mcp-client</c> provider: each model request becomes one sampling request to the front
/// end's client. The history maps onto sampling messages (function calls are <c>tool_use</c>
/// parts, their outputs <c>tool_result</c> parts) and the answer back onto response items.
/// </summary>
internal sealed class ClientSamplingModelClient(IClientModelSampler sampler) : IModelClient
{
    /// <summary>The most tokens asked for per response.</summary>
    public const int MaxTokens = 16_384;

    private static readonly JsonElement FreeformSchema = Parse("""{"type":"object","properties":{"input":{"type":"string","description":"The tool's freeform input."}},"required":["input"]}""");

    public async IAsyncEnumerable<ModelEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var customTools = new HashSet<string>(StringComparer.Ordinal);
        var tools = request.Tools.Select(t => ToTool(t, customTools)).OfType<SamplingTool>().ToList();
        var reply = await sampler.SampleAsync(new SamplingRequest(request.Instructions, ToMessages(request.Input), tools, MaxTokens), cancellationToken).ConfigureAwait(false);
        foreach (var part in reply.Parts)
        {
            switch (part)
            {
                case SamplingText { Text.Length: > 0 } text:
                    yield return new ModelEvent.OutputTextDelta(text.Text);
                    yield return new ModelEvent.OutputItemDone(MessageItem.Assistant(text.Text));
                    break;
                case SamplingToolUse use when customTools.Contains(use.Name):
                    var input = use.Input.ValueKind == JsonValueKind.Object && use.Input.TryGetProperty("input", out var freeform) ? freeform.GetString() ?? string.Empty : use.Input.GetRawText();
                    yield return new ModelEvent.OutputItemDone(new CustomToolCallItem { CallId = use.Id, Name = use.Name, Input = input });
                    break;
                case SamplingToolUse use:
                    yield return new ModelEvent.OutputItemDone(new FunctionCallItem { CallId = use.Id, Name = use.Name, Arguments = use.Input.GetRawText() });
                    break;
            }
        }

        yield return new ModelEvent.Completed(null, null);
    }

    /// <summary>A Responses-style tool definition as a sampling tool; null for kinds sampling cannot express (e.g. web search).</summary>
    private static SamplingTool? ToTool(JsonElement definition, HashSet<string> customTools)
    {
        var type = definition.TryGetProperty("type", out var t) ? t.GetString() : null;
        var name = definition.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (name is null)
        {
            return null;
        }

        var description = definition.TryGetProperty("description", out var d) ? d.GetString() ?? string.Empty : string.Empty;
        switch (type)
        {
            case "function":
                return new SamplingTool(name, description, definition.TryGetProperty("parameters", out var parameters) ? parameters.Clone() : FreeformSchema);
            case "custom":
                customTools.Add(name);
                return new SamplingTool(name, description, FreeformSchema);
            default:
                return null;
        }
    }

    /// <summary>The history as alternating user/assistant messages; consecutive parts of one role share a message.</summary>
    private static List<SamplingMessage> ToMessages(IReadOnlyList<ResponseItem> input)
    {
        var messages = new List<SamplingMessage>();
        void Add(string role, SamplingPart part)
        {
            // A message with tool results holds nothing else (sampling with tools, 2025-11-25).
            if (messages.Count > 0 && messages[^1].Role == role
                && messages[^1].Parts.All(p => p is SamplingToolResult) == part is SamplingToolResult)
            {
                messages[^1] = messages[^1] with { Parts = [.. messages[^1].Parts, part] };
            }
            else
            {
                messages.Add(new SamplingMessage(role, [part]));
            }
        }

        foreach (var item in input)
        {
            switch (item)
            {
                case MessageItem { Role: "assistant" } assistant:
                    Add("assistant", new SamplingText(assistant.Text));
                    break;
                case MessageItem message:
                    // Sampling has only user and assistant: developer and system context travels as user text.
                    Add("user", new SamplingText(message.Text));
                    break;
                case FunctionCallItem call:
                    Add("assistant", new SamplingToolUse(call.CallId, call.Name, ParseObject(call.Arguments)));
                    break;
                case CustomToolCallItem call:
                    Add("assistant", new SamplingToolUse(call.CallId, call.Name, JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["input"] = call.Input }, SamplingJsonContext.Default.DictionaryStringString)));
                    break;
                case FunctionCallOutputItem output:
                    Add("user", new SamplingToolResult(output.CallId, output.Output));
                    break;
                case CustomToolCallOutputItem output:
                    Add("user", new SamplingToolResult(output.CallId, output.Output));
                    break;
            }
        }

        return messages;
    }

    private static JsonElement ParseObject(string json)
    {
        try
        {
            var element = Parse(json);
            if (element.ValueKind == JsonValueKind.Object)
            {
                return element;
            }
        }
        catch (JsonException)
        {
            // Sent as text below: a tool_use input must be an object.
        }

        return JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["arguments"] = json }, SamplingJsonContext.Default.DictionaryStringString);
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

/// <summary>Source-generated JSON for the few values this client builds.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SamplingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
