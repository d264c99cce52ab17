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

    /// <summary>Creates the error with its cause.</summary>
    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
