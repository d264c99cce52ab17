namespace Codex.Engine.McpClients;

/// <summary>A tool call in flight on a server: what an elicitation arriving meanwhile is attributed to.</summary>
/// <param name="ConversationId">The calling conversation; null when the calls in flight belong to several.</param>
/// <param name="Tool">The tool's name on the server; null when several tools are in flight.</param>
/// <param name="Timeout">How long the user may take to answer an elicitation.</param>
internal sealed record McpCallScope(string? ConversationId, string? Tool, TimeSpan Timeout)
{
    /// <summary>How long an elicitation that arrives outside any call may wait for the user.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What an elicitation arriving while <paramref name="calls"/> are in flight belongs to. A server's
    /// elicitation/create names no request (MCP gives it none on stdio) and one server is shared by every
    /// conversation of the process, so only what all the calls in flight agree on is claimed: with two
    /// conversations calling, the elicitation goes out under no thread rather than perhaps the wrong one.
    /// </summary>
    public static McpCallScope? Attribute(IReadOnlyList<McpCallScope> calls)
    {
        if (calls.Count == 0)
        {
            return null;
        }

        var conversation = calls[0].ConversationId;
        var tool = calls[0].Tool;
        var timeout = calls[0].Timeout;
        foreach (var call in calls.Skip(1))
        {
            conversation = call.ConversationId == conversation ? conversation : null;
            tool = call.Tool == tool ? tool : null;
            timeout = call.Timeout > timeout ? call.Timeout : timeout;
        }

        return new McpCallScope(conversation, tool, timeout);
    }
}
