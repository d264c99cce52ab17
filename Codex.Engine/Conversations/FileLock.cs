using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Codex.Engine.Conversations;

/// <summary>
/// An exclusive advisory lock on a whole file, held through one open file description, so that
/// processes sharing a CODEX_HOME append to a rollout one at a time.
/// </summary>
/// <remarks>
/// This is a Linux open-file-description lock (<c>fcntl(F_OFD_SETLKW)</c>), not <c>flock</c>:
/// .NET itself takes <c>flock(LOCK_SH|LOCK_NB)</c> whenever it opens a file with sharing, so an
/// exclusive <c>flock</c> on the rollout would make a concurrent resume in another process fail
/// with a sharing violation, and would fight the shared lock .NET holds on our own handle.
/// Open-file-description locks are independent of <c>flock</c>, are released by the kernel when
/// the holder dies (a crash never leaves the file locked), and, unlike classic POSIX record locks,
/// are not dropped when some other descriptor of the same file is closed in this process.
/// </remarks>
internal sealed class FileLock : IDisposable
{
    private const int FOfdSetLk = 37;
    private const int FOfdSetLkW = 38;
    private const short FWrLck = 1;
    private const short FUnLck = 2;
    private const short SeekSet = 0;
    private const int EIntr = 4;
    private const int EAgain = 11;
    private const int EAcces = 13;
    private const int ENoLck = 37;
    private const int ENoSys = 38;
    private const int EOpNotSupp = 95;

    private readonly SafeFileHandle _handle;
    private bool _held;

    private FileLock(SafeFileHandle handle, bool held)
    {
        _handle = handle;
        _held = held;
    }

    /// <summary>
    /// Takes the lock on <paramref name="handle"/>'s file, waiting for another holder to let go.
    /// On a file system without such locks (some network or FUSE mounts) it proceeds unlocked:
    /// appends then stay whole within this process, as before.
    /// </summary>
    /// <exception cref="IOException">The lock could not be taken for another reason.</exception>
    public static async Task<FileLock> AcquireAsync(SafeFileHandle handle, string path)
    {
        var error = TrySet(handle, FOfdSetLk, FWrLck);
        if (error is EAgain or EAcces)
        {
            // Another process is appending right now; wait for it off the caller's thread.
            error = await Task.Run(() => TrySet(handle, FOfdSetLkW, FWrLck)).ConfigureAwait(false);
        }

        return error switch
        {
            0 => new FileLock(handle, held: true),
            ENoLck or ENoSys or EOpNotSupp => new FileLock(handle, held: false),
            _ => throw new IOException($"Could not lock {path} for appending: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})."),
        };
    }

    public void Dispose()
    {
        if (_held)
        {
            _held = false;

            // Unlocking cannot meaningfully fail on a valid descriptor; closing the file releases it anyway.
            _ = TrySet(_handle, FOfdSetLk, FUnLck);
        }
    }

    /// <summary>Applies <paramref name="type"/> to the whole file; returns 0 or the errno.</summary>
    private static int TrySet(SafeFileHandle handle, int command, short type)
    {
        var request = new FlockRequest { Type = type, Whence = SeekSet, Start = 0, Length = 0, Pid = 0 };
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            while (true)
            {
                if (fcntl(fd, command, ref request) == 0)
                {
                    return 0;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != EIntr)
                {
                    return errno;
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, ref FlockRequest request);

    /// <summary><c>struct flock</c> of Linux on 64-bit targets (x86-64, arm64): 32 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FlockRequest
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }
}
