namespace Codex.Engine.McpClients;

/// <summary>
/// Passes an <c>elicitation/create</c> from one of the agent's MCP servers on to the user (the host
/// implements it with its own client). Implementations never hang and never throw for a client
/// that cannot be asked: they decline, with a reason.
/// </summary>
public interface IMcpElicitationForwarder
{
    /// <summary>Asks the user and returns the answer.</summary>
    Task<ForwardedElicitationAnswer> ForwardAsync(ForwardedElicitation request, CancellationToken cancellationToken);
}
