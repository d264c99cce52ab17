using System.Runtime.InteropServices;
using Codex.Engine.Exec;

namespace Codex.Engine.Sandbox;

/// <summary>
/// The launcher mode of an executable (spec §10.1):
/// <c>&lt;exe&gt; --codex-run-as-sandbox --sandbox-policy-cwd &lt;cwd&gt; --sandbox-policy '&lt;json&gt;' -- &lt;argv…&gt;</c>.
/// On the calling (main) thread it starts a new session, points stdin at <c>/dev/null</c>,
/// applies the sandbox and executes the command in place, so the command keeps the launcher's
/// pid, which is also its process-group id.
/// </summary>
/// <remarks>
/// Landlock, seccomp and no_new_privs apply to the calling thread only; since that same thread
/// calls execve, the new program inherits them. <see cref="Run"/> must therefore be called
/// synchronously from Main, before any await.
/// Exit codes when the command does not start: <see cref="SetupFailedExitCode"/> (bad launcher
/// arguments, or the sandbox could not be applied: the command is never run unsandboxed),
/// 126 (command not executable), 127 (command not found).
/// </remarks>
public static class LinuxSandboxLauncher
{
    /// <summary>The first argument that selects launcher mode.</summary>
    public const string RunAsSandboxFlag = LauncherOptions.RunAsSandboxFlag;

    /// <summary>Exit code when the launcher's arguments are invalid or the sandbox cannot be applied.</summary>
    public const int SetupFailedExitCode = 125;

    /// <summary>True when <paramref name="args"/> asks for launcher mode.</summary>
    public static bool IsLauncherInvocation(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && args[0] == RunAsSandboxFlag;
    }

    /// <summary>
    /// Runs launcher mode. Returns only if the command could not be started, with the exit code
    /// the process should end with; otherwise the process image is replaced by the command.
    /// </summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        LauncherOptions options;
        try
        {
            options = LauncherOptions.Parse(args);
        }
        catch (FormatException e)
        {
            NativeExec.WriteStderr($"codex-linux-sandbox: {e.Message}\n");
            return SetupFailedExitCode;
        }

        try
        {
            PrepareProcess();
            ApplySandbox(options, args);
        }
        catch (SandboxSetupException e)
        {
            NativeExec.WriteStderr($"codex-linux-sandbox: {e.Message}; refusing to run the command without the sandbox\n");
            return SetupFailedExitCode;
        }

        return NativeExec.Exec(options.Command, CommandEnvironment(options.EnvRestores));
    }

    private static void PrepareProcess()
    {
        // Our own session, so the whole tree can be killed through the process group.
        if (LinuxNative.setsid() < 0 && LinuxNative.getsid(0) != LinuxNative.getpid())
        {
            throw new SandboxSetupException($"setsid failed: {LinuxNative.LastErrorMessage()}");
        }

        int devNull = LinuxNative.open("/dev/null", LinuxNative.O_RDONLY, 0);
        if (devNull < 0 || LinuxNative.dup2(devNull, 0) < 0)
        {
            throw new SandboxSetupException($"redirecting stdin to /dev/null failed: {LinuxNative.LastErrorMessage()}");
        }

        if (devNull != 0)
        {
            LinuxNative.close(devNull);
        }

        ResetSignals();
    }

    /// <summary>
    /// Ignored signals and the signal mask survive execve. The .NET runtime ignores SIGPIPE, which
    /// would make e.g. <c>yes | head</c> report write errors instead of ending quietly.
    /// </summary>
    private static void ResetSignals()
    {
        const nint SigIgn = 1;
        nint action = Marshal.AllocHGlobal(256);
        nint emptySet = Marshal.AllocHGlobal(128);
        try
        {
            for (int signal = 1; signal < 32; signal++)
            {
                if (signal is LinuxNative.SIGKILL or 19 /* SIGSTOP */)
                {
                    continue;
                }

                // The handler is the first field of struct sigaction on every Linux ABI we support.
                if (LinuxNative.sigaction(signal, 0, action) == 0 && Marshal.ReadIntPtr(action) == SigIgn)
                {
                    LinuxNative.signal(signal, 0);
                }
            }

            for (int offset = 0; offset < 128; offset += 8)
            {
                Marshal.WriteInt64(emptySet, offset, 0);
            }

            LinuxNative.pthread_sigmask(LinuxNative.SIG_SETMASK, emptySet, 0);
        }
        finally
        {
            Marshal.FreeHGlobal(action);
            Marshal.FreeHGlobal(emptySet);
        }
    }

    private static void ApplySandbox(LauncherOptions options, string[] args)
    {
        SandboxPolicy policy = options.Policy;
        if (policy.HasFullDiskWriteAccess && policy.HasFullNetworkAccess)
        {
            return;
        }

        IReadOnlyList<WritableRoot> roots = policy.GetWritableRoots(options.PolicyCwd, Environment.GetEnvironmentVariable("TMPDIR"));
        string[] readOnlySubpaths = roots.SelectMany(r => r.ReadOnlySubpaths).Distinct(StringComparer.Ordinal).ToArray();
        bool excludeWithLandlock = false;
        if (readOnlySubpaths.Length > 0)
        {
            excludeWithLandlock = options.GitProtection == GitProtectionMode.LandlockOnly || !ProtectWithMounts(readOnlySubpaths, options, args);
        }

        if (options.InUserNamespaceStage)
        {
            UserNamespaceReexec.DropAmbientCapabilities();
        }

        if (LinuxNative.prctl(LinuxNative.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        {
            throw new SandboxSetupException($"prctl(PR_SET_NO_NEW_PRIVS) failed: {LinuxNative.LastErrorMessage()}");
        }

        if (!policy.HasFullNetworkAccess)
        {
            if (!SeccompNetworkFilter.IsSupported(RuntimeInformation.ProcessArchitecture))
            {
                throw new SandboxSetupException($"the seccomp network filter does not support {RuntimeInformation.ProcessArchitecture}");
            }

            SeccompNetworkFilter.Install();
        }

        if (!policy.HasFullDiskWriteAccess)
        {
            using LandlockRuleset ruleset = LandlockRuleset.Create();
            foreach (LandlockRule rule in LandlockRulePlanner.Plan(roots, ruleset.Handled, excludeWithLandlock))
            {
                ruleset.AllowPath(rule.Path, rule.Access);
            }

            ruleset.RestrictSelf();
        }
    }

    /// <summary>True when the read-only bind mounts are in place; false to fall back to Landlock-only exclusion.</summary>
    private static bool ProtectWithMounts(string[] readOnlySubpaths, LauncherOptions options, string[] args)
    {
        if (options.GitProtection == GitProtectionMode.LandlockOnly)
        {
            return false;
        }

        if (ReadOnlyBindMounts.TryApply(readOnlySubpaths))
        {
            return true;
        }

        // Without CAP_SYS_ADMIN: try again from inside a user namespace (does not return on success).
        if (!options.InUserNamespaceStage)
        {
            UserNamespaceReexec.TryReexec(args);
        }

        return false;
    }

    private static Dictionary<string, string> CommandEnvironment(IReadOnlyList<string> restores)
    {
        Dictionary<string, string> environment = ShellEnvironment.CurrentEnvironment();
        foreach (string restore in restores)
        {
            int equals = restore.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                environment.Remove(restore);
            }
            else
            {
                environment[restore[..equals]] = restore[(equals + 1)..];
            }
        }

        return environment;
    }
}
