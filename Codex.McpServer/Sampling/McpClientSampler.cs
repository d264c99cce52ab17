using System.Buffers;
using System.Text.Json;
using Codex.Engine.Model;
using Codex.Engine.Model.Sampling;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Sampling;

/// <summary>
/// The <c>mcp-client</c> provider's model: <c>sampling/createMessage</c> with tools (MCP 2025-11-25).
/// Nothing here runs unless a conversation selects that provider.
/// </summary>
internal sealed class McpClientSampler(JsonRpcConnection connection, ClientSession session) : IClientModelSampler
{
    public string? UnavailableReason
    {
        get
        {
            var capabilities = session.Client?.Capabilities;
            if (capabilities?.Sampling is not { ValueKind: JsonValueKind.Object } sampling)
            {
                return "this MCP client did not declare the `sampling` capability";
            }

            return sampling.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Object
                ? null
                : "this MCP client's `sampling` capability does not include `tools`, which the agent needs to call its tools";
        }
    }

    public async Task<SamplingReply> SampleAsync(SamplingRequest request, CancellationToken cancellationToken)
    {
        JsonElement result;
        try
        {
            result = await connection.SendRequestAsync(McpMethods.SamplingCreateMessage, Write(request), ProtocolJsonContext.Default.JsonElement, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException ex)
        {
            throw new ModelException(ModelErrorKind.Fatal, $"The MCP client's model (sampling/createMessage) failed: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new ModelException(ModelErrorKind.Fatal, $"The MCP client disconnected during sampling/createMessage: {ex.Message}");
        }

        return Read(result);
    }

    private static SamplingReply Read(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("content", out var content))
        {
            throw new ModelException(ModelErrorKind.Fatal, $"The MCP client's sampling/createMessage answer has no `content`: {Shorten(result.GetRawText())}");
        }

        var parts = new List<SamplingPart>();
        foreach (var block in content.ValueKind == JsonValueKind.Array ? content.EnumerateArray() : Enumerable.Repeat(content, 1))
        {
            var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
            switch (type)
            {
                case "text":
                    parts.Add(new SamplingText(block.GetProperty("text").GetString() ?? string.Empty));
                    break;
                case "tool_use" when block.TryGetProperty("id", out var id) && block.TryGetProperty("name", out var name):
                    var input = block.TryGetProperty("input", out var given) && given.ValueKind == JsonValueKind.Object ? given.Clone() : JsonDocument.Parse("{}").RootElement.Clone();
                    parts.Add(new SamplingToolUse(id.GetString() ?? string.Empty, name.GetString() ?? string.Empty, input));
                    break;
                default:
                    throw new ModelException(ModelErrorKind.Fatal, $"The MCP client's model answered with a `{type}` block, which Codex cannot use (text and tool_use only).");
            }
        }

        var model = result.TryGetProperty("model", out var m) ? m.GetString() ?? string.Empty : string.Empty;
        var stop = result.TryGetProperty("stopReason", out var s) ? s.GetString() : null;
        return new SamplingReply(model, stop, parts);
    }

    private static JsonElement Write(SamplingRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteStartArray("content");
                foreach (var part in message.Parts)
                {
                    WritePart(writer, part);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("systemPrompt", request.SystemPrompt);
            writer.WriteString("includeContext", "none");
            writer.WriteNumber("maxTokens", request.MaxTokens);
            writer.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tool.Name);
                writer.WriteString("description", tool.Description);
                writer.WritePropertyName("inputSchema");
                tool.InputSchema.WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartObject("toolChoice");
            writer.WriteString("mode", "auto");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WritePart(Utf8JsonWriter writer, SamplingPart part)
    {
        writer.WriteStartObject();
        switch (part)
        {
            case SamplingText text:
                writer.WriteString("type", "text");
                writer.WriteString("text", text.Text);
                break;
            case SamplingToolUse use:
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", use.Id);
                writer.WriteString("name", use.Name);
                writer.WritePropertyName("input");
                use.Input.WriteTo(writer);
                break;
            case SamplingToolResult result:
                writer.WriteString("type", "tool_result");
                writer.WriteString("toolUseId", result.ToolUseId);
                writer.WriteStartArray("content");
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", result.Text);
                writer.WriteEndObject();
                writer.WriteEndArray();
                break;
        }

        writer.WriteEndObject();
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
