namespace Codex.Engine.Config;

/// <summary>
/// The configuration cannot be used. The message names where the bad value came from (a file
/// with line and column, or a tool argument), the key, and the reason.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the error.</summary>
    public ConfigException(string message)
        : base(message)
    {
    }

    /// <summary>The dotted key to blame (e.g. <c>mcp_server.call_timeout_seconds</c>), where the error is about one key's value.</summary>
    public string? Key { get; init; }

    /// <summary>Creates the error with its cause.</summary>
    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
