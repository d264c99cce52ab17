using System.Runtime.InteropServices;

namespace Codex.Engine.Exec.Pty;

/// <summary>The libc calls behind a pseudo-terminal; source-generated marshalling, so AOT-clean.</summary>
internal static partial class PtyNative
{
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;

    /// <summary><c>TIOCSCTTY</c>: make the terminal the controlling terminal of the calling session leader.</summary>
    public const nuint TIOCSCTTY = 0x540E;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int openpty(out int master, out int slave, nint name, nint termios, in WinSize size);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ttyname_r(int fd, ref byte buffer, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, nint argument);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, ref byte buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, ref byte buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int dup2(int oldFd, int newFd);
}
