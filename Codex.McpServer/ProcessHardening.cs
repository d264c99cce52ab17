using System.Runtime.InteropServices;
using System.Text;

namespace Codex.McpServer;

/// <summary>
/// What the server does to itself before anything else, so that nothing running as the same user (the
/// model's commands included) can read its memory, where the API key lives:
/// <list type="bullet">
/// <item>It is made non-dumpable (<c>PR_SET_DUMPABLE</c> 0): no core file, no ptrace or
/// <c>/proc/&lt;pid&gt;/mem</c>/<c>environ</c> access without <c>CAP_SYS_PTRACE</c>.</item>
/// <item>The .NET diagnostic server and debugger transport (the <c>dotnet-diagnostic-&lt;pid&gt;-*-socket</c> and
/// <c>clr-debug-pipe-&lt;pid&gt;-*</c> files in TMPDIR, which can request a dump, start a trace or attach a
/// profiler) are turned off. CoreCLR reads its switch, <c>DOTNET_EnableDiagnostics</c>, only from the
/// environment (runtimeconfig.json has no knob for it), so when it is not <c>0</c> the server re-executes
/// itself, same pid and argv, with <c>DOTNET_EnableDiagnostics=0</c>, after removing the files the first
/// runtime made. The re-executed server then puts the variable back as the user had it, so commands see the
/// user's environment. The NativeAOT build (the shipped binary) has no diagnostic server at all, so it
/// skips this; only the framework-dependent build re-executes.</item>
/// </list>
/// Linux only; elsewhere nothing happens. The sandbox launcher path does not come here.
/// </summary>
internal static class ProcessHardening
{
    /// <summary>The runtime's master switch for debugger, profiler and diagnostic IPC.</summary>
    public const string DiagnosticsVariable = "DOTNET_EnableDiagnostics";

    /// <summary>Set on the re-executed server: the user's own value of the switch, or <see cref="Unset"/>.</summary>
    public const string OriginalDiagnosticsVariable = "CODEX_MCP_SERVER_ORIGINAL_DOTNET_EnableDiagnostics";

    private const string Unset = "<unset>";
    private const int PrSetDumpable = 4;

    /// <summary>Applies the hardening; returns only in the process that goes on to serve.</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var original = Environment.GetEnvironmentVariable(OriginalDiagnosticsVariable);
        if (original is not null)
        {
            // Re-executed: the runtime started without diagnostics; give commands the user's environment back.
            // The first runtime's threads may have made their endpoints after it cleaned up; same pid, so remove them now.
            RemoveDiagnosticEndpoints();
            Environment.SetEnvironmentVariable(DiagnosticsVariable, original == Unset ? null : original);
            Environment.SetEnvironmentVariable(OriginalDiagnosticsVariable, null);
        }
        else if (RunsOnHostedRuntime() && Environment.GetEnvironmentVariable(DiagnosticsVariable) != "0")
        {
            // Before PR_SET_DUMPABLE: a non-dumpable process's /proc/self/environ belongs to root, so an
            // unprivileged server could no longer read it. On success this does not return.
            ReexecuteWithoutDiagnostics();
        }

        if (prctl(PrSetDumpable, 0, 0, 0, 0) != 0)
        {
            Warn($"could not make the process non-dumpable (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private static void ReexecuteWithoutDiagnostics()
    {
        byte[][] argv;
        byte[][] environment;
        try
        {
            argv = SplitNul(File.ReadAllBytes("/proc/self/cmdline"));
            environment = SplitNul(File.ReadAllBytes("/proc/self/environ"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Warn($"diagnostics stay enabled: cannot read /proc/self ({ex.Message})");
            return;
        }

        var original = Environment.GetEnvironmentVariable(DiagnosticsVariable) ?? Unset;
        var drop = new[] { Encoding.UTF8.GetBytes(DiagnosticsVariable + "="), Encoding.UTF8.GetBytes(OriginalDiagnosticsVariable + "=") };
        var newEnvironment = environment
            .Where(entry => !drop.Any(prefix => entry.AsSpan().StartsWith(prefix)))
            .Append(Encoding.UTF8.GetBytes(DiagnosticsVariable + "=0"))
            .Append(Encoding.UTF8.GetBytes(OriginalDiagnosticsVariable + "=" + original))
            .ToArray();

        // The files of this runtime's diagnostic server and debugger would outlive it (same pid after exec).
        RemoveDiagnosticEndpoints();

        var argvPointers = ToNativeArray(argv);
        var environmentPointers = ToNativeArray(newEnvironment);
        try
        {
            // The resolved path, not /proc/self/exe: the process keeps its name (comm) for ps and pgrep.
            execve(Environment.ProcessPath ?? "/proc/self/exe", argvPointers, environmentPointers);
            Warn($"diagnostics stay enabled: re-executing the server failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Free(argvPointers);
            Free(environmentPointers);
        }
    }

    /// <summary>
    /// True under CoreCLR started by the .NET host, whose diagnostic server is on by default; false in the NativeAOT
    /// binary, which has none. (RuntimeFeature.IsDynamicCodeSupported cannot tell: a project that publishes with
    /// NativeAOT turns it off in its JIT builds too.) Only the host sets the deps-file property.
    /// </summary>
    private static bool RunsOnHostedRuntime() => AppContext.GetData("APP_CONTEXT_DEPS_FILES") is string { Length: > 0 };

    private static void RemoveDiagnosticEndpoints()
    {
        var temp = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } dir ? dir : "/tmp";
        var pid = Environment.ProcessId;
        foreach (var pattern in new[] { $"dotnet-diagnostic-{pid}-*-socket", $"clr-debug-pipe-{pid}-*" })
        {
            try
            {
                foreach (var path in Directory.EnumerateFiles(temp, pattern))
                {
                    File.Delete(path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Warn($"could not remove diagnostic endpoint files in {temp}: {ex.Message}");
            }
        }
    }

    private static byte[][] SplitNul(byte[] block)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (block[i] == 0)
            {
                parts.Add(block[start..i]);
                start = i + 1;
            }
        }

        if (start < block.Length)
        {
            parts.Add(block[start..]);
        }

        return [.. parts];
    }

    private static IntPtr[] ToNativeArray(byte[][] strings)
    {
        var pointers = new IntPtr[strings.Length + 1];
        for (var i = 0; i < strings.Length; i++)
        {
            pointers[i] = Marshal.AllocHGlobal(strings[i].Length + 1);
            Marshal.Copy(strings[i], 0, pointers[i], strings[i].Length);
            Marshal.WriteByte(pointers[i], strings[i].Length, 0);
        }

        return pointers;
    }

    private static void Free(IntPtr[] pointers)
    {
        foreach (var pointer in pointers)
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.FreeHGlobal(pointer);
            }
        }
    }

    // stdout carries only protocol; these rare start-up problems go to stderr, before logging exists.
    private static void Warn(string message) => Console.Error.WriteLine($"codex-mcp-server: warning: {message}");

    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", SetLastError = true)]
    private static extern int execve([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr[] argv, IntPtr[] envp);
}
