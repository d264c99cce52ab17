namespace Codex.Engine.McpClients;

/// <summary>One of the agent's MCP servers could not be started or did not answer in time.</summary>
public sealed class McpServerStartException : Exception
{
    /// <summary>Creates the error.</summary>
    public McpServerStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public McpServerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
