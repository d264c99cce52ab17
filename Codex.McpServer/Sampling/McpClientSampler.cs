using System.Text.Json;
using Codex.Engine.Model;
using Codex.Engine.Model.Sampling;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Wire = Codex.Protocol.Mcp;

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
            result = await connection.SendRequestAsync(McpMethods.SamplingCreateMessage, ToParams(request), ProtocolJsonContext.Default.CreateMessageRequestParams, Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcException ex)
        {
            throw new ModelException(ModelErrorKind.Fatal, $"The MCP client's model (sampling/createMessage) failed: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new ModelException(ModelErrorKind.Fatal, $"The MCP client disconnected during sampling/createMessage: {ex.Message}");
        }

        return ToReply(result);
    }

    private static SamplingReply ToReply(JsonElement result)
    {
        Wire.CreateMessageResult? answer;
        try
        {
            answer = result.Deserialize(ProtocolJsonContext.Default.CreateMessageResult);
        }
        catch (JsonException ex)
        {
            throw new ModelException(ModelErrorKind.Fatal, $"The MCP client's sampling/createMessage answer is not a valid result ({ex.Message}): {Shorten(result.GetRawText())}");
        }

        if (answer is null)
        {
            throw new ModelException(ModelErrorKind.Fatal, $"The MCP client's sampling/createMessage answer is null.");
        }

        var parts = new List<SamplingPart>(answer.Content.Count);
        foreach (var block in answer.Content)
        {
            switch (block)
            {
                case Wire.SamplingTextContent text:
                    parts.Add(new SamplingText(text.Text));
                    break;
                case Wire.ToolUseContent use:
                    // The spec requires an object; anything else is taken as no arguments, as before.
                    parts.Add(new SamplingToolUse(use.Id, use.Name, use.Input.ValueKind == JsonValueKind.Object ? use.Input : EmptyObject.Element));
                    break;
                default:
                    throw new ModelException(ModelErrorKind.Fatal, $"The MCP client's model answered with a `{block.Type}` block, which Codex cannot use (text and tool_use only).");
            }
        }

        return new SamplingReply(answer.Model, answer.StopReason, parts);
    }

    private static Wire.CreateMessageRequestParams ToParams(SamplingRequest request) => new()
    {
        Messages = [.. request.Messages.Select(m => new Wire.SamplingMessage { Role = m.Role, Content = [.. m.Parts.Select(ToContent)] })],
        SystemPrompt = request.SystemPrompt,
        IncludeContext = "none",
        MaxTokens = request.MaxTokens,
        Tools = [.. request.Tools.Select(t => new Tool { Name = t.Name, Description = t.Description, InputSchema = t.InputSchema })],
        ToolChoice = ToolChoice.Auto,
    };

    private static Wire.SamplingContent ToContent(SamplingPart part) => part switch
    {
        SamplingText text => new Wire.SamplingTextContent { Text = text.Text },
        SamplingToolUse use => new Wire.ToolUseContent { Id = use.Id, Name = use.Name, Input = use.Input },
        SamplingToolResult result => new Wire.ToolResultContent { ToolUseId = result.ToolUseId, Content = [new TextContentBlock { Text = result.Text }] },
        _ => throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "Not a sampling part this client sends."),
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 200), "…");
}
