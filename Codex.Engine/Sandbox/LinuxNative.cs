using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>The libc calls the sandbox launcher and the process runner need (Linux only).</summary>
internal static class LinuxNative
{
    public const int SIGKILL = 9;
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ENOEXEC = 8;
    public const int ENOSYS = 38;
    public const int EOPNOTSUPP = 95;

    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_PATH = 0x200000;

    public const int PR_SET_NO_NEW_PRIVS = 38;
    public const int PR_SET_SECCOMP = 22;
    public const int PR_CAPBSET_READ = 23;
    public const int PR_CAPBSET_DROP = 24;
    public const int PR_SET_SECUREBITS = 28;
    public const int PR_GET_SECCOMP = 21;
    public const int PR_CAP_AMBIENT = 47;
    public const int PR_CAP_AMBIENT_CLEAR_ALL = 4;
    public const int SECCOMP_MODE_FILTER = 2;

    public const int CLONE_NEWNS = 0x00020000;

    public const int AT_FDCWD = -100;
    public const int AT_RECURSIVE = 0x8000;
    public const ulong MOUNT_ATTR_RDONLY = 1;

    public const ulong MS_RDONLY = 1;
    public const ulong MS_NOSUID = 2;
    public const ulong MS_NODEV = 4;
    public const ulong MS_NOEXEC = 8;
    public const ulong MS_REMOUNT = 32;
    public const ulong MS_NOATIME = 1024;
    public const ulong MS_NODIRATIME = 2048;
    public const ulong MS_BIND = 4096;
    public const ulong MS_REC = 16384;
    public const ulong MS_SLAVE = 1 << 19;
    public const ulong MS_RELATIME = 1 << 21;

    public const int SIG_SETMASK = 2;

    [DllImport("libc", SetLastError = true)]
    public static extern int setsid();

    [DllImport("libc", SetLastError = true)]
    public static extern int getsid(int pid);

    [DllImport("libc", SetLastError = true)]
    public static extern int getpid();

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    public static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", SetLastError = true)]
    public static extern nint syscall(nint number, nint arg1, nint arg2, nint arg3, nint arg4, nint arg5);

    [DllImport("libc", SetLastError = true)]
    public static extern int unshare(int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int capset(nint header, nint data);

    [DllImport("libc", SetLastError = true)]
    public static extern nint realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint resolved);

    [DllImport("libc")]
    public static extern void free(nint pointer);

    [DllImport("libc", SetLastError = true)]
    public static extern int mount(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? source,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string target,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? filesystemType,
        nuint flags,
        nint data);

    [DllImport("libc", SetLastError = true)]
    public static extern int statvfs([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint buffer);

    [DllImport("libc", SetLastError = true)]
    public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int dup2(int oldFd, int newFd);

    [DllImport("libc", SetLastError = true)]
    public static extern int execve(nint path, nint argv, nint envp);

    [DllImport("libc", SetLastError = true)]
    public static extern int sigaction(int signal, nint action, nint oldAction);

    [DllImport("libc", SetLastError = true)]
    public static extern nint signal(int signal, nint handler);

    [DllImport("libc", SetLastError = true)]
    public static extern int pthread_sigmask(int how, nint set, nint oldSet);

    /// <summary>The errno of the last call, as text.</summary>
    public static string LastErrorMessage() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
