using System.Text.Json;

namespace Codex.Engine.Model.Sampling;

/// <summary>
/// A model the front end's own client offers (an MCP client's <c>sampling/createMessage</c>), behind
/// the <c>mcp-client</c> provider. The engine only calls it when a conversation selects that provider.
/// </summary>
public interface IClientModelSampler
{
    /// <summary>Null when the client can sample with tools; otherwise why it cannot, for the config error.</summary>
    string? UnavailableReason { get; }

    /// <summary>Asks the client's model for the next assistant message.</summary>
    /// <exception cref="ModelException">The client refused or failed.</exception>
    Task<SamplingReply> SampleAsync(SamplingRequest request, CancellationToken cancellationToken);
}

/// <summary>One sampling request: the system prompt, the conversation, the tools.</summary>
/// <param name="SystemPrompt">The instructions.</param>
/// <param name="Messages">Alternating user and assistant messages.</param>
/// <param name="Tools">The tools the model may call.</param>
/// <param name="MaxTokens">The most tokens to sample.</param>
public sealed record SamplingRequest(string SystemPrompt, IReadOnlyList<SamplingMessage> Messages, IReadOnlyList<SamplingTool> Tools, int MaxTokens);

/// <summary>A message: <c>user</c> or <c>assistant</c>, and its parts.</summary>
public sealed record SamplingMessage(string Role, IReadOnlyList<SamplingPart> Parts);

/// <summary>A part of a sampling message.</summary>
public abstract record SamplingPart;

/// <summary>Text.</summary>
public sealed record SamplingText(string Text) : SamplingPart;

/// <summary>The model calls a tool.</summary>
public sealed record SamplingToolUse(string Id, string Name, JsonElement Input) : SamplingPart;

/// <summary>The result of a tool call, sent back to the model.</summary>
public sealed record SamplingToolResult(string ToolUseId, string Text) : SamplingPart;

/// <summary>A tool the model may call.</summary>
public sealed record SamplingTool(string Name, string Description, JsonElement InputSchema);

/// <summary>The client's answer.</summary>
/// <param name="Model">The model that answered.</param>
/// <param name="StopReason">Why it stopped (<c>endTurn</c>, <c>toolUse</c>, …), when known.</param>
/// <param name="Parts">The assistant message's parts.</param>
public sealed record SamplingReply(string Model, string? StopReason, IReadOnlyList<SamplingPart> Parts);
