using System.Runtime.InteropServices;
using System.Text;

namespace Codex.Engine.Sandbox;

/// <summary>
/// <c>execvp</c> with an explicit environment: the PATH search and error codes of the shell
/// (127 not found, 126 found but not executable). Returns only on failure.
/// </summary>
internal static class NativeExec
{
    /// <summary>Exit code when the command does not exist.</summary>
    public const int NotFound = 127;

    /// <summary>Exit code when the command exists but cannot be executed.</summary>
    public const int NotExecutable = 126;

    private const string DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>
    /// Replaces the process image with <paramref name="argv"/> (argv[0] preserved). On failure,
    /// writes a message to stderr and returns 127 or 126.
    /// </summary>
    public static int Exec(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment)
    {
        string file = argv[0];
        if (file.Length == 0)
        {
            return Fail(file, "command not found", NotFound);
        }

        nint argvBlock = ToNativeArray(argv);
        nint envBlock = ToNativeArray(environment.Select(kv => $"{kv.Key}={kv.Value}").ToArray());

        if (file.Contains('/', StringComparison.Ordinal))
        {
            int errno = TryExec(file, argvBlock, envBlock, argv);
            return Fail(file, Marshal.GetPInvokeErrorMessage(errno), errno is LinuxNative.ENOENT or LinuxNative.ENOTDIR ? NotFound : NotExecutable);
        }

        string searchPath = environment.TryGetValue("PATH", out string? path) ? path : DefaultPath;
        int? lastAccessError = null;
        foreach (string directory in searchPath.Split(':'))
        {
            string candidate = (directory.Length == 0 ? "." : directory.TrimEnd('/')) + "/" + file;
            int errno = TryExec(candidate, argvBlock, envBlock, argv);
            switch (errno)
            {
                case LinuxNative.EACCES:
                    lastAccessError = errno;
                    continue;
                case LinuxNative.ENOENT or LinuxNative.ENOTDIR or 116 /* ESTALE */ or 19 /* ENODEV */ or 110 /* ETIMEDOUT */:
                    continue;
                default:
                    return Fail(file, Marshal.GetPInvokeErrorMessage(errno), NotExecutable);
            }
        }

        return lastAccessError is { } accessError
            ? Fail(file, Marshal.GetPInvokeErrorMessage(accessError), NotExecutable)
            : Fail(file, "command not found", NotFound);
    }

    private static int TryExec(string path, nint argvBlock, nint envBlock, IReadOnlyList<string> argv)
    {
        nint nativePath = Marshal.StringToCoTaskMemUTF8(path);
        LinuxNative.execve(nativePath, argvBlock, envBlock);
        int errno = Marshal.GetLastPInvokeError();
        if (errno == LinuxNative.ENOEXEC)
        {
            // A script without a #! line: like execvp, hand it to /bin/sh.
            string[] shellArgv = ["/bin/sh", path, .. argv.Skip(1)];
            LinuxNative.execve(Marshal.StringToCoTaskMemUTF8("/bin/sh"), ToNativeArray(shellArgv), envBlock);
            errno = Marshal.GetLastPInvokeError();
        }

        return errno;
    }

    /// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings; never freed (we exec or exit).</summary>
    private static nint ToNativeArray(IReadOnlyList<string> values)
    {
        nint block = Marshal.AllocHGlobal((values.Count + 1) * nint.Size);
        for (int i = 0; i < values.Count; i++)
        {
            Marshal.WriteIntPtr(block, i * nint.Size, Marshal.StringToCoTaskMemUTF8(values[i]));
        }

        Marshal.WriteIntPtr(block, values.Count * nint.Size, 0);
        return block;
    }

    private static int Fail(string file, string reason, int exitCode)
    {
        // No "sandbox" wording here: a missing command must not look like a sandbox denial (spec §5.4).
        WriteStderr($"codex-exec: {file}: {reason}\n");
        return exitCode;
    }

    /// <summary>Writes straight to fd 2, bypassing any buffering.</summary>
    public static void WriteStderr(string text)
    {
        using Stream stderr = Console.OpenStandardError();
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        stderr.Write(bytes);
        stderr.Flush();
    }
}
