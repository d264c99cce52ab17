namespace Codex.Engine.Sandbox;

/// <summary>Whether the Linux sandbox can be enforced on this machine.</summary>
/// <param name="IsAvailable">True when every mechanism the sandbox requires is usable.</param>
/// <param name="LandlockAbi">The kernel's Landlock ABI version, or 0 when there is none.</param>
/// <param name="Reason">Why it is unavailable, or a short description of what will be used.</param>
/// <param name="PidNamespace">True when commands get a PID namespace of their own.</param>
public sealed record SandboxAvailabilityResult(bool IsAvailable, int LandlockAbi, string Reason, bool PidNamespace = false)
{
    /// <summary>True when Landlock scopes signals and abstract unix sockets (ABI 6 and later).</summary>
    public bool LandlockScoping => LandlockAbi >= 6;
}
