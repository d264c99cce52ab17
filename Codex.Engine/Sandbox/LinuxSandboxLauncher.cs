using System.Runtime.InteropServices;
using Codex.Engine.Exec;

namespace Codex.Engine.Sandbox;

/// <summary>
/// The launcher mode of an executable (spec §10.1):
/// <c>&lt;exe&gt; --codex-run-as-sandbox --sandbox-policy-cwd &lt;cwd&gt; --sandbox-policy '&lt;json&gt;' -- &lt;argv…&gt;</c>.
/// The first stage starts a new session (its pid is the process-group id the server kills) and
/// points stdin at <c>/dev/null</c>. Under danger-full-access it then executes the command in
/// place; otherwise it re-executes itself through <c>unshare(1)</c> (<see cref="NamespaceReexec"/>),
/// and the second stage, inside new mount and PID namespaces, builds the filesystem view
/// (<see cref="SandboxMounts"/>), drops every capability, sets no_new_privs, applies Landlock
/// and seccomp, and executes the command.
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
            if (!options.InNamespaceStage)
            {
                StartSession(options.Pty);
                if (NeedsSandbox(options.Policy))
                {
                    // Does not return on success: the second stage continues inside the namespaces.
                    throw new SandboxSetupException(NamespaceReexec.Exec(args));
                }
            }
            else
            {
                ApplySandbox(options);
            }

            ResetSignals();
        }
        catch (SandboxSetupException e)
        {
            NativeExec.WriteStderr($"codex-linux-sandbox: {e.Message}; refusing to run the command without the sandbox\n");
            return SetupFailedExitCode;
        }

        return NativeExec.Exec(options.Command, CommandEnvironment(options.EnvRestores));
    }

    /// <summary>Everything but danger-full-access is sandboxed (spec §10).</summary>
    private static bool NeedsSandbox(SandboxPolicy policy) => !(policy.HasFullDiskWriteAccess && policy.HasFullNetworkAccess);

    private static void StartSession(string? pty)
    {
        // Our own session, so the whole tree can be killed through the process group.
        if (LinuxNative.setsid() < 0 && LinuxNative.getsid(0) != LinuxNative.getpid())
        {
            throw new SandboxSetupException($"setsid failed: {LinuxNative.LastErrorMessage()}");
        }

        if (pty is not null)
        {
            AttachTerminal(pty);
            return;
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
    }

    /// <summary>
    /// Makes the pty slave the controlling terminal of the new session and the command's stdin,
    /// stdout and stderr (unified exec). Done before the namespaces, so the sandbox's view of
    /// <c>/dev</c> does not matter: the descriptors are inherited.
    /// </summary>
    private static void AttachTerminal(string pty)
    {
        int fd = Exec.Pty.PtyNative.open(pty, LinuxNative.O_RDWR, 0);
        if (fd < 0)
        {
            throw new SandboxSetupException($"opening the terminal {pty} failed: {LinuxNative.LastErrorMessage()}");
        }

        if (Exec.Pty.PtyNative.ioctl(fd, Exec.Pty.PtyNative.TIOCSCTTY, 0) < 0)
        {
            throw new SandboxSetupException($"making {pty} the controlling terminal failed: {LinuxNative.LastErrorMessage()}");
        }

        for (int target = 0; target <= 2; target++)
        {
            if (LinuxNative.dup2(fd, target) < 0)
            {
                throw new SandboxSetupException($"redirecting fd {target} to {pty} failed: {LinuxNative.LastErrorMessage()}");
            }
        }

        if (fd > 2)
        {
            LinuxNative.close(fd);
        }
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

    /// <summary>
    /// The second stage, inside the namespaces: the filesystem view, then no capabilities,
    /// no_new_privs, Landlock (with scoping) and seccomp, in that order, because each step needs
    /// what the next one takes away.
    /// </summary>
    private static void ApplySandbox(LauncherOptions options)
    {
        SandboxPolicy policy = options.Policy;
        if (!NeedsSandbox(policy))
        {
            throw new SandboxSetupException("the namespace stage was started for a policy that needs no sandbox");
        }

        if (!SeccompFilter.IsSupported(RuntimeInformation.ProcessArchitecture))
        {
            throw new SandboxSetupException($"the seccomp filter does not support {RuntimeInformation.ProcessArchitecture}");
        }

        IReadOnlyList<WritableRoot> roots = policy.HasFullDiskWriteAccess
            ? [new WritableRoot("/", [])]
            : policy.GetWritableRoots(options.PolicyCwd, Environment.GetEnvironmentVariable("TMPDIR"));
        SandboxMounts.Apply(
            roots.Select(r => r.Root).ToArray(),
            roots.SelectMany(r => r.ReadOnlySubpaths).ToArray(),
            options.HiddenFiles);

        Capabilities.DropAll();
        if (LinuxNative.prctl(LinuxNative.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        {
            throw new SandboxSetupException($"prctl(PR_SET_NO_NEW_PRIVS) failed: {LinuxNative.LastErrorMessage()}");
        }

        using (LandlockRuleset ruleset = LandlockRuleset.Create(restrictTcp: !policy.HasFullNetworkAccess))
        {
            // The server must be out of reach: invisible in a PID namespace (we are its PID 1), or
            // beyond Landlock's signal scope.
            if (LinuxNative.getpid() != 1 && ruleset.Abi < 6)
            {
                throw new SandboxSetupException($"no PID namespace and no Landlock signal scoping (ABI 6; this kernel has {ruleset.Abi})");
            }

            IReadOnlyList<LandlockRule> rules = policy.HasFullDiskWriteAccess
                ? [new LandlockRule("/", ruleset.Handled)]
                : LandlockRulePlanner.Plan(roots, ruleset.Handled);
            foreach (LandlockRule rule in rules)
            {
                ruleset.AllowPath(rule.Path, rule.Access);
            }

            ruleset.RestrictSelf();
        }

        // Last: it may deny syscalls the steps above use.
        SeccompFilter.Install(allowNetwork: policy.HasFullNetworkAccess);
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
