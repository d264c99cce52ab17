using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>A Landlock ruleset being built; <see cref="RestrictSelf"/> applies it to the calling thread.</summary>
internal sealed class LandlockRuleset : IDisposable
{
    // The Landlock syscalls have the same numbers on every architecture (they postdate the unified table).
    private const nint SysCreateRuleset = 444;
    private const nint SysAddRule = 445;
    private const nint SysRestrictSelf = 446;
    private const nint CreateRulesetVersion = 1;
    private const nint RulePathBeneath = 1;

    // LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP (ABI 4).
    private const long HandledNetTcp = 0b11;

    // LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET and LANDLOCK_SCOPE_SIGNAL (ABI 6).
    private const long ScopeAbstractUnixSocket = 1;
    private const long ScopeSignal = 2;

    private int _fd;

    private LandlockRuleset(int fd, int abi, LandlockAccess handled)
    {
        _fd = fd;
        Abi = abi;
        Handled = handled;
    }

    /// <summary>The ABI version the ruleset was built for.</summary>
    public int Abi { get; }

    /// <summary>The rights the ruleset restricts.</summary>
    public LandlockAccess Handled { get; }

    /// <summary>The kernel's Landlock ABI version, or a negative errno when Landlock is unavailable.</summary>
    public static int QueryAbiVersion()
    {
        nint result = LinuxNative.syscall(SysCreateRuleset, 0, 0, CreateRulesetVersion, 0, 0);
        return result >= 0 ? (int)result : -Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// Creates a ruleset handling every filesystem right of the best ABI both we and the kernel
    /// know. From ABI 4, when <paramref name="restrictTcp"/>, TCP bind and connect are handled
    /// with no rule allowing them. From ABI 6 the domain is scoped: its processes can neither
    /// signal processes outside it (the server among them) nor connect to abstract unix sockets
    /// created outside it.
    /// </summary>
    public static LandlockRuleset Create(bool restrictTcp)
    {
        int kernelAbi = QueryAbiVersion();
        if (kernelAbi < 1)
        {
            int errno = -kernelAbi;
            string why = errno is LinuxNative.ENOSYS ? "the kernel was built without Landlock"
                : errno is LinuxNative.EOPNOTSUPP ? "Landlock is disabled on this kernel (boot parameter lsm=)"
                : Marshal.GetPInvokeErrorMessage(errno);
            throw new SandboxSetupException($"Landlock is not available: {why}");
        }

        int abi = Math.Min(kernelAbi, LandlockRights.MaxImplementedAbi);
        LandlockAccess handled = LandlockRights.HandledBy(abi);
        long handledNet = restrictTcp && abi >= 4 ? HandledNetTcp : 0;
        long scoped = abi >= 6 ? ScopeAbstractUnixSocket | ScopeSignal : 0;

        // struct landlock_ruleset_attr grew with the ABI: fs (v1), net (v4), scoped (v6).
        int size = abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
        nint attr = Marshal.AllocHGlobal(24);
        try
        {
            Marshal.WriteInt64(attr, 0, (long)handled);
            Marshal.WriteInt64(attr, 8, handledNet);
            Marshal.WriteInt64(attr, 16, scoped);
            nint fd = LinuxNative.syscall(SysCreateRuleset, attr, size, 0, 0, 0);
            if (fd < 0)
            {
                throw new SandboxSetupException($"landlock_create_ruleset failed: {LinuxNative.LastErrorMessage()}");
            }

            return new LandlockRuleset((int)fd, abi, handled);
        }
        finally
        {
            Marshal.FreeHGlobal(attr);
        }
    }

    /// <summary>
    /// Allows <paramref name="access"/> on <paramref name="path"/> and, for a directory, everything
    /// beneath it. A path that no longer exists (deleted since the rules were planned) is skipped:
    /// granting nothing is the safe side, and a racing deletion must not stop the command.
    /// </summary>
    /// <returns>False when the path had vanished.</returns>
    public bool AllowPath(string path, LandlockAccess access)
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        // Symlinks are followed: a root given as a symlink means its target. The rule planner never
        // passes a symlink found inside a root, so a grant cannot leak through one.
        int pathFd = LinuxNative.open(path, LinuxNative.O_PATH | LinuxNative.O_CLOEXEC, 0);
        if (pathFd < 0)
        {
            if (Marshal.GetLastPInvokeError() == LinuxNative.ENOENT)
            {
                return false;
            }

            throw new SandboxSetupException($"cannot open {path} for a Landlock rule: {LinuxNative.LastErrorMessage()}");
        }

        nint attr = Marshal.AllocHGlobal(12);
        try
        {
            bool isDirectory = Directory.Exists(path);
            LandlockAccess granted = (isDirectory ? access : LandlockRights.ForFile(access)) & Handled;

            // struct landlock_path_beneath_attr is packed: u64 allowed_access, s32 parent_fd.
            Marshal.WriteInt64(attr, 0, (long)granted);
            Marshal.WriteInt32(attr, 8, pathFd);
            if (LinuxNative.syscall(SysAddRule, _fd, RulePathBeneath, attr, 0, 0) < 0)
            {
                throw new SandboxSetupException($"landlock_add_rule for {path} failed: {LinuxNative.LastErrorMessage()}");
            }
        }
        finally
        {
            Marshal.FreeHGlobal(attr);
            LinuxNative.close(pathFd);
        }

        return true;
    }

    /// <summary>
    /// Enforces the ruleset on the calling thread (and everything it later executes). The thread
    /// must already have no_new_privs set.
    /// </summary>
    public void RestrictSelf()
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        if (LinuxNative.syscall(SysRestrictSelf, _fd, 0, 0, 0, 0) < 0)
        {
            throw new SandboxSetupException($"landlock_restrict_self failed: {LinuxNative.LastErrorMessage()}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_fd >= 0)
        {
            LinuxNative.close(_fd);
            _fd = -1;
        }
    }
}
