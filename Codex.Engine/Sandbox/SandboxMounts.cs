using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>
/// The sandbox's view of the filesystem, built in the command's own mount namespace (the
/// launcher's second stage runs inside one, see <see cref="NamespaceReexec"/>):
/// <list type="bullet">
/// <item>every mount is read-only, so contents <em>and</em> metadata (chmod, chown, utimes) outside
/// the writable roots cannot change, which Landlock alone does not cover;</item>
/// <item>each writable root is a bind mount of itself that stays writable where it was writable;</item>
/// <item>each root's protected subpaths (<c>.git</c>) are read-only bind mounts, which also makes
/// them impossible to rename or remove (they are mount points);</item>
/// <item>each secret file (<c>CODEX_HOME/auth.json</c>) is covered by <c>/dev/null</c>.</item>
/// </list>
/// The command later runs without capabilities and under Landlock, which forbids mount changes,
/// so it cannot undo any of this.
/// </summary>
internal static class SandboxMounts
{
    private const nint SysMountSetattr = 442; // the same number on every architecture

    /// <summary>Builds the view; throws <see cref="SandboxSetupException"/> on any failure.</summary>
    /// <param name="writableRoots">The writable roots (absolute).</param>
    /// <param name="readOnlySubpaths">Paths inside the roots that stay read-only.</param>
    /// <param name="hiddenFiles">Files whose contents the command must not see; missing ones are skipped.</param>
    public static void Apply(IReadOnlyList<string> writableRoots, IReadOnlyList<string> readOnlySubpaths, IReadOnlyList<string> hiddenFiles)
    {
        // Our mounts must never propagate back into the server's namespace.
        if (LinuxNative.mount(null, "/", null, (nuint)(LinuxNative.MS_REC | LinuxNative.MS_SLAVE), 0) != 0)
        {
            throw new SandboxSetupException($"making / a slave mount failed: {LinuxNative.LastErrorMessage()}");
        }

        // Paths as the kernel reports mount points: symlinks resolved.
        string[] roots = writableRoots.Select(RealPathOrNull).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        string[] protectedPaths = readOnlySubpaths.Select(RealPathOrNull).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        string[] hidden = hiddenFiles.Select(RealPathOrNull).OfType<string>().Where(File.Exists).Distinct(StringComparer.Ordinal).ToArray();

        foreach (string root in roots)
        {
            Bind(root, root, recursive: true);
        }

        foreach (string path in protectedPaths)
        {
            Bind(path, path, recursive: true);
        }

        foreach (string file in hidden)
        {
            Bind("/dev/null", file, recursive: false);
        }

        IReadOnlyList<MountEntry> before = MountEntry.ReadCurrent();
        SetReadOnly("/", readOnly: true, recursive: true);

        // Give back write access under the roots, only to mounts that had it, never to the
        // protected paths or the covers over secrets.
        foreach (MountEntry mount in before)
        {
            if (!mount.ReadOnly
                && roots.Any(mount.IsAtOrBelow)
                && !protectedPaths.Any(mount.IsAtOrBelow)
                && !hidden.Contains(mount.MountPoint, StringComparer.Ordinal))
            {
                // A mount the sandboxed user cannot even reach (EACCES: e.g. another user's 0700
                // tmpfs under /tmp), or one unmounted since the table was read (ENOENT), stays
                // read-only: that only withholds access the command could not use, so it is no
                // reason to refuse the command.
                int errno = TrySetReadOnly(mount.MountPoint, readOnly: false, recursive: false);
                if (errno is not (0 or LinuxNative.EACCES or LinuxNative.ENOENT))
                {
                    throw Failure(mount.MountPoint, readOnly: false, errno);
                }
            }
        }

        // The working directory still points into the mount below the new ones (read-only now):
        // enter it again by path, through the mounts just made.
        string cwd = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(cwd);
    }

    private static void Bind(string source, string target, bool recursive)
    {
        ulong flags = LinuxNative.MS_BIND | (recursive ? LinuxNative.MS_REC : 0);
        if (LinuxNative.mount(source, target, null, (nuint)flags, 0) != 0)
        {
            throw new SandboxSetupException($"bind-mounting {source} on {target} failed: {LinuxNative.LastErrorMessage()}");
        }
    }

    private static void SetReadOnly(string path, bool readOnly, bool recursive)
    {
        int errno = TrySetReadOnly(path, readOnly, recursive);
        if (errno != 0)
        {
            throw Failure(path, readOnly, errno);
        }
    }

    private static SandboxSetupException Failure(string path, bool readOnly, int errno)
    {
        string why = errno == LinuxNative.ENOSYS ? "the kernel lacks mount_setattr (Linux 5.12+ is needed)" : Marshal.GetPInvokeErrorMessage(errno);
        return new SandboxSetupException($"making {path} {(readOnly ? "read-only" : "writable")} failed: {why}");
    }

    /// <summary>Sets or clears a mount's read-only flag; 0, or the errno of the failure.</summary>
    private static int TrySetReadOnly(string path, bool readOnly, bool recursive)
    {
        // struct mount_attr { u64 attr_set; u64 attr_clr; u64 propagation; u64 userns_fd; }
        nint attr = Marshal.AllocHGlobal(32);
        try
        {
            Marshal.WriteInt64(attr, 0, readOnly ? (long)LinuxNative.MOUNT_ATTR_RDONLY : 0);
            Marshal.WriteInt64(attr, 8, readOnly ? 0 : (long)LinuxNative.MOUNT_ATTR_RDONLY);
            Marshal.WriteInt64(attr, 16, 0);
            Marshal.WriteInt64(attr, 24, 0);
            nint pathPtr = Marshal.StringToCoTaskMemUTF8(path);
            try
            {
                nint result = LinuxNative.syscall(SysMountSetattr, LinuxNative.AT_FDCWD, pathPtr, recursive ? LinuxNative.AT_RECURSIVE : 0, attr, 32);
                return result == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
            finally
            {
                Marshal.FreeCoTaskMem(pathPtr);
            }
        }
        finally
        {
            Marshal.FreeHGlobal(attr);
        }
    }

    /// <summary>The canonical path (symlinks resolved), or null when it does not exist.</summary>
    private static string? RealPathOrNull(string path)
    {
        nint resolved = LinuxNative.realpath(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            LinuxNative.free(resolved);
        }
    }
}
