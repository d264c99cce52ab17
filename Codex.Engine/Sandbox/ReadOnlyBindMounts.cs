using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>
/// Makes paths read-only for the calling thread and whatever it executes: a private mount
/// namespace in which each path is bind-mounted onto itself read-only. Writes then fail with
/// EROFS, and the path cannot be renamed or removed (it is a mount point). Landlock later forbids
/// the sandboxed command to unmount it.
/// </summary>
internal static class ReadOnlyBindMounts
{
    // statvfs f_flag bits that the kernel locks on mounts inherited from a more privileged
    // namespace; a remount must repeat them or it fails with EPERM.
    private static readonly (ulong StatFlag, ulong MountFlag)[] LockedFlags =
    [
        (2, LinuxNative.MS_NOSUID),
        (4, LinuxNative.MS_NODEV),
        (8, LinuxNative.MS_NOEXEC),
        (1024, LinuxNative.MS_NOATIME),
        (2048, LinuxNative.MS_NODIRATIME),
        (4096, LinuxNative.MS_RELATIME),
    ];

    /// <summary>
    /// Enters a new mount namespace and mounts every path read-only. Returns false, having
    /// changed nothing, when the process may not create a mount namespace (no CAP_SYS_ADMIN);
    /// throws <see cref="SandboxSetupException"/> on any other failure.
    /// </summary>
    public static bool TryApply(IReadOnlyList<string> paths)
    {
        if (LinuxNative.unshare(LinuxNative.CLONE_NEWNS) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == LinuxNative.EPERM)
            {
                return false;
            }

            throw new SandboxSetupException($"unshare(CLONE_NEWNS) failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        // Without this, our mounts would propagate back into the parent namespace through shared peers.
        if (LinuxNative.mount(null, "/", null, (nuint)(LinuxNative.MS_REC | LinuxNative.MS_SLAVE), 0) != 0)
        {
            throw new SandboxSetupException($"making / a slave mount failed: {LinuxNative.LastErrorMessage()}");
        }

        foreach (string path in paths)
        {
            if (LinuxNative.mount(path, path, null, (nuint)LinuxNative.MS_BIND, 0) != 0)
            {
                throw new SandboxSetupException($"bind-mounting {path} failed: {LinuxNative.LastErrorMessage()}");
            }

            ulong flags = LinuxNative.MS_BIND | LinuxNative.MS_REMOUNT | LinuxNative.MS_RDONLY | CurrentLockedFlags(path);
            if (LinuxNative.mount(null, path, null, (nuint)flags, 0) != 0)
            {
                throw new SandboxSetupException($"remounting {path} read-only failed: {LinuxNative.LastErrorMessage()}");
            }
        }

        return true;
    }

    private static ulong CurrentLockedFlags(string path)
    {
        nint buffer = Marshal.AllocHGlobal(256);
        try
        {
            if (LinuxNative.statvfs(path, buffer) != 0)
            {
                throw new SandboxSetupException($"statvfs({path}) failed: {LinuxNative.LastErrorMessage()}");
            }

            // On LP64 Linux, f_flag follows nine 8-byte fields (f_bsize … f_fsid).
            ulong statFlags = (ulong)Marshal.ReadInt64(buffer, 72);
            ulong mountFlags = 0;
            foreach ((ulong statFlag, ulong mountFlag) in LockedFlags)
            {
                if ((statFlags & statFlag) != 0)
                {
                    mountFlags |= mountFlag;
                }
            }

            return mountFlags;
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
        }
    }
}
