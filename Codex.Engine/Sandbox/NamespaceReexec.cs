using System.Diagnostics;
using System.Globalization;

namespace Codex.Engine.Sandbox;

/// <summary>
/// The launcher's first stage: re-executes the launcher through <c>unshare(1)</c> as its second
/// stage, inside a new mount namespace (for <see cref="SandboxMounts"/>) and, where the kernel
/// has them, a new PID namespace with its own <c>/proc</c> (so the server and every other process
/// are invisible and out of reach; the command is its PID 1 and everything it leaves behind dies
/// with it). Without CAP_SYS_ADMIN, a user namespace comes first, in which the second stage holds
/// the capabilities to mount (and drops them all before the command runs).
/// </summary>
/// <remarks>
/// The .NET runtime is multithreaded, and <c>unshare(CLONE_NEWUSER)</c> needs a single-threaded
/// caller while a PID namespace only applies to children, so a small native program does it.
/// </remarks>
internal static class NamespaceReexec
{
    private const int CapSysAdmin = 21;

    private static readonly string[] UnshareDirectories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    /// <summary>The <c>unshare(1)</c> arguments for this process (without <c>--</c> and the program).</summary>
    public static IReadOnlyList<string> UnshareArguments()
    {
        var args = new List<string>();
        if (!HasEffectiveCapability(CapSysAdmin))
        {
            args.AddRange(["--user", "--map-current-user", "--keep-caps"]);
        }

        args.Add("--mount");
        if (HasPidNamespaces())
        {
            // --kill-child: if unshare itself is killed, so is the namespace's PID 1 (and with it the namespace).
            args.AddRange(["--pid", "--fork", "--kill-child", "--mount-proc"]);
        }

        return args;
    }

    /// <summary>True when the kernel offers PID namespaces.</summary>
    public static bool HasPidNamespaces() => File.Exists("/proc/self/ns/pid");

    /// <summary>
    /// Replaces this process with the second stage. Returns only on failure, with the reason
    /// (the command has not run).
    /// </summary>
    public static string Exec(IReadOnlyList<string> launcherArgs)
    {
        string? unshare = FindUnshare();
        if (unshare is null)
        {
            return "unshare(1) was not found (install util-linux)";
        }

        if (!HasEffectiveCapability(CapSysAdmin) && UserNamespacesDisabled())
        {
            return "creating a mount namespace needs CAP_SYS_ADMIN or user namespaces, and user namespaces are disabled (user.max_user_namespaces = 0)";
        }

        SandboxLauncher self = SandboxLauncher.ForCurrentProcess();
        var argv = new List<string> { unshare };
        argv.AddRange(UnshareArguments());
        argv.Add("--");
        argv.Add(self.ExecutablePath);
        argv.AddRange(self.PrefixArgs);
        argv.Add(LauncherOptions.RunAsSandboxFlag);
        argv.Add(LauncherOptions.NamespaceStageFlag);
        argv.AddRange(launcherArgs.SkipWhile(a => a == LauncherOptions.RunAsSandboxFlag));

        NativeExec.Exec(argv, Codex.Engine.Exec.ShellEnvironment.CurrentEnvironment());
        return $"executing {unshare} failed";
    }

    /// <summary>
    /// True when <c>unshare(1)</c> can create this process's namespaces here (it runs
    /// <c>/bin/true</c> inside them); <paramref name="failure"/> says why not.
    /// </summary>
    public static bool Probe(out string failure)
    {
        failure = string.Empty;
        string? unshare = FindUnshare();
        if (unshare is null)
        {
            failure = "unshare(1) was not found (install util-linux)";
            return false;
        }

        try
        {
            var start = new ProcessStartInfo(unshare)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string arg in UnshareArguments().Append("--").Append("/bin/true"))
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            string stderr = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                failure = "unshare(1) did not finish within 5 s";
                return false;
            }

            failure = process.ExitCode == 0 ? string.Empty : $"unshare(1) cannot create the sandbox's namespaces: {stderr.Trim()}";
            return process.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            failure = $"unshare(1) could not be started: {e.Message}";
            return false;
        }
    }

    /// <summary>True when this process holds <paramref name="capability"/> in its effective set.</summary>
    public static bool HasEffectiveCapability(int capability)
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            return line is not null
                && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong mask)
                && (mask & (1UL << capability)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool UserNamespacesDisabled()
    {
        try
        {
            return File.ReadAllText("/proc/sys/user/max_user_namespaces").Trim() == "0";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? FindUnshare() =>
        UnshareDirectories.Select(d => Path.Combine(d, "unshare")).FirstOrDefault(File.Exists);
}
