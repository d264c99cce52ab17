namespace Codex.Engine.McpClients;

/// <summary>How Codex reaches one of the agent's MCP servers: a child process on stdio, or Streamable HTTP.</summary>
public abstract record McpServerTransport
{
    /// <summary>A canonical text of every setting, so two equal configurations share one client.</summary>
    internal abstract string Fingerprint { get; }
}
