namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// A patch that cannot be parsed, verified or applied. <see cref="Exception.Message"/> is the exact
/// text the original tool reports (spec §8.2–§8.4), so callers can forward it to the model as is
/// (e.g. prefixed with <c>apply_patch verification failed: </c>).
/// </summary>
public class ApplyPatchException : Exception
{
    /// <summary>Creates the exception with the exact error text.</summary>
    public ApplyPatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the exact error text and the underlying cause.</summary>
    public ApplyPatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
