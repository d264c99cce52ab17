namespace Codex.Engine.Sandbox;

/// <summary>The sandbox could not be applied; the command must not run.</summary>
public sealed class SandboxSetupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SandboxSetupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SandboxSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SandboxSetupException()
    {
    }
}
