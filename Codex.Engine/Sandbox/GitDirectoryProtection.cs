namespace Codex.Engine.Sandbox;

/// <summary>How the launcher keeps each writable root's top-level <c>.git</c> read-only on this machine.</summary>
public enum GitDirectoryProtection
{
    /// <summary>A read-only bind mount in a private mount namespace (the process has CAP_SYS_ADMIN).</summary>
    BindMount,

    /// <summary>The same, inside an unprivileged user namespace created through <c>unshare(1)</c>.</summary>
    BindMountInUserNamespace,

    /// <summary>
    /// Landlock rules alone: <c>.git</c> is read-only, but no entries can be created, removed or
    /// renamed directly in a root that contains one (subdirectories and existing files stay writable).
    /// </summary>
    LandlockExclusion,
}
