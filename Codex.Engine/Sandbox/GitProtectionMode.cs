namespace Codex.Engine.Sandbox;

/// <summary>How the launcher keeps each writable root's <c>.git</c> read-only.</summary>
internal enum GitProtectionMode
{
    /// <summary>
    /// A read-only bind mount in a private mount namespace (created directly with CAP_SYS_ADMIN,
    /// else through an unprivileged user namespace via <c>unshare(1)</c>); if neither is possible,
    /// Landlock-only exclusion.
    /// </summary>
    Auto,

    /// <summary>Landlock-only exclusion (see <see cref="LandlockRulePlanner"/>); used to test that fallback.</summary>
    LandlockOnly,
}
