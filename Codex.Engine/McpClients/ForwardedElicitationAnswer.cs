using System.Text.Json;

namespace Codex.Engine.McpClients;

/// <summary>The user's answer to a forwarded elicitation.</summary>
/// <param name="Action"><c>accept</c>, <c>decline</c> or <c>cancel</c>.</param>
/// <param name="Content">The form's content with <c>accept</c> (a JSON object), else null.</param>
/// <param name="Reason">Why it was declined without asking the user, when it was.</param>
public sealed record ForwardedElicitationAnswer(string Action, JsonElement? Content, string? Reason = null)
{
    /// <summary>A decline the user never saw, with its reason.</summary>
    public static ForwardedElicitationAnswer Decline(string reason) => new("decline", null, reason);
}
