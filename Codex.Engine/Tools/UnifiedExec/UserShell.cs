using System.Runtime.InteropServices;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>
/// The shell <c>exec_command</c> runs when the model names none: as upstream, the login shell of the
/// user's passwd entry (not <c>$SHELL</c>, which the client's environment may set to anything) when it
/// is a shell we know how to pass <c>-c</c>/<c>-lc</c> to and it exists, else <c>/bin/bash</c>.
/// </summary>
internal static partial class UserShell
{
    public const string Fallback = "/bin/bash";

    private const int ERANGE = 34;

    private static readonly Lazy<string> Resolved = new(() => Choose(PasswdShell()));

    /// <summary>The default shell of the user the server runs as (read once).</summary>
    public static string Default => Resolved.Value;

    /// <summary>The passwd shell when it is bash, zsh or sh and exists, else <see cref="Fallback"/>.</summary>
    public static string Choose(string? passwdShell) =>
        passwdShell is { Length: > 0 } shell
        && Path.IsPathFullyQualified(shell)
        && Path.GetFileName(shell) is "bash" or "zsh" or "sh"
        && File.Exists(shell)
            ? shell
            : Fallback;

    /// <summary><c>pw_shell</c> of the real uid's passwd entry (through NSS, as <c>getent</c> sees it), or null.</summary>
    public static string? PasswdShell()
    {
        uint uid = getuid();
        int length = 1024;
        while (length <= 1024 * 1024)
        {
            // The strings of the entry point into this buffer: native memory, so nothing moves it.
            nint buffer = Marshal.AllocHGlobal(length);
            try
            {
                int status = getpwuid_r(uid, out Passwd entry, buffer, (nuint)length, out nint result);
                if (status == ERANGE)
                {
                    length *= 2;
                    continue;
                }

                return status != 0 || result == 0 || entry.Shell == 0 ? null : Marshal.PtrToStringUTF8(entry.Shell);
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        return null;
    }

    /// <summary><c>struct passwd</c> of glibc and musl on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public nint Name;
        public nint Password;
        public uint Uid;
        public uint Gid;
        public nint Gecos;
        public nint Directory;
        public nint Shell;
    }

    [LibraryImport("libc")]
    private static partial uint getuid();

    [LibraryImport("libc")]
    private static partial int getpwuid_r(uint uid, out Passwd entry, nint buffer, nuint length, out nint result);
}
