namespace Codex.Engine.Sandbox;

/// <summary>Wraps a command so that it runs under a sandbox policy, in its own process group.</summary>
public interface ISandbox
{
    /// <summary>
    /// The process to start so that <paramref name="argv"/> runs in <paramref name="cwd"/> with
    /// <paramref name="environment"/>, restricted by <paramref name="policy"/>
    /// (danger-full-access only gives it its own session).
    /// </summary>
    SandboxedCommand Wrap(IReadOnlyList<string> argv, string cwd, SandboxPolicy policy, IReadOnlyDictionary<string, string> environment);
}
