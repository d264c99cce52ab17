using Codex.Engine.Approvals;
using Codex.Engine.Conversations;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Turns;

/// <summary>Runs one turn on the engine with the given sink and gateway, and maps its end to a result.</summary>
internal delegate Task<TurnCompletion> TurnWork(IEventSink events, IApprovalGateway approvals, CancellationToken cancellationToken);

/// <summary>How a turn ended: the <c>tools/call</c> result a foreground call returns, and its <c>status</c>.</summary>
internal sealed record TurnCompletion(CallToolResult Result, string Status);

/// <summary>
/// A <c>codex</c>/<c>codex-reply</c> call after its arguments were read: either an error result,
/// or the work to run, the conversation when it is known, and whether the caller asked for the background.
/// </summary>
internal sealed record TurnRequest(CallToolResult? Error, TurnWork? Work, string? ThreadId, bool Background)
{
    public static TurnRequest Failed(CallToolResult error) => new(error, null, null, false);
}
