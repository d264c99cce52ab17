namespace Codex.Engine.Sandbox;

/// <summary>Whether the Linux sandbox can be enforced on this machine.</summary>
/// <param name="IsAvailable">True when Landlock and seccomp are both usable.</param>
/// <param name="LandlockAbi">The kernel's Landlock ABI version, or 0 when there is none.</param>
/// <param name="Reason">Why it is unavailable, or a short description of what will be used.</param>
/// <param name="GitProtection">How <c>.git</c> directories will be kept read-only (meaningful when available).</param>
public sealed record SandboxAvailabilityResult(bool IsAvailable, int LandlockAbi, string Reason, GitDirectoryProtection GitProtection);
