namespace Codex.Engine.Auth;

/// <summary>
/// No usable credential for a provider. The message names exactly what to set (an environment variable
/// or <c>auth.json</c>) and never contains a secret.
/// </summary>
public sealed class MissingCredentialException : Exception
{
    /// <summary>Creates the error with its user-facing message.</summary>
    public MissingCredentialException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its user-facing message and cause.</summary>
    public MissingCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
