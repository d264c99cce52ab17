namespace Codex.Engine.Auth;

/// <summary>
/// ChatGPT credentials could not be refreshed. <see cref="Permanent"/> means the refresh token is expired, used up or
/// revoked: only signing in again helps, and the message says how. The message never contains a token.
/// </summary>
public sealed class ChatGptAuthException : Exception
{
    /// <summary>What every permanent failure tells the user to do.</summary>
    public const string SignInAgain = "Sign in again with `codex-mcp-server login`.";

    /// <summary>Creates the error.</summary>
    public ChatGptAuthException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException)
    {
        Permanent = permanent;
    }

    /// <summary>True when retrying cannot help.</summary>
    public bool Permanent { get; }
}
