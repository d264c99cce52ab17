using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>
/// Probes whether this machine can enforce the Linux sandbox. It needs Landlock, seccomp and a
/// mount namespace (as root directly, otherwise through a user namespace), and something that
/// keeps the server out of the command's reach: a PID namespace or Landlock's signal scoping
/// (ABI 6). Without them sandboxed commands are refused, never run weaker.
/// </summary>
public static class SandboxAvailability
{
    private static readonly Lazy<SandboxAvailabilityResult> Cached = new(Probe);

    /// <summary>The probe result (computed once per process).</summary>
    public static SandboxAvailabilityResult Check() => Cached.Value;

    private static SandboxAvailabilityResult Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new SandboxAvailabilityResult(false, 0, "the sandbox is only implemented for Linux");
        }

        if (!SeccompFilter.IsSupported(RuntimeInformation.ProcessArchitecture))
        {
            return new SandboxAvailabilityResult(false, 0, $"no seccomp syscall table for {RuntimeInformation.ProcessArchitecture}");
        }

        int abi = LandlockRuleset.QueryAbiVersion();
        if (abi < 1)
        {
            string why = -abi switch
            {
                LinuxNative.ENOSYS => "the kernel was built without Landlock",
                LinuxNative.EOPNOTSUPP => "Landlock is disabled on this kernel",
                var errno => Marshal.GetPInvokeErrorMessage(errno),
            };
            return new SandboxAvailabilityResult(false, 0, $"Landlock is not available: {why}");
        }

        // PR_GET_SECCOMP fails with EINVAL when the kernel lacks seccomp.
        if (LinuxNative.prctl(LinuxNative.PR_GET_SECCOMP, 0, 0, 0, 0) < 0)
        {
            return new SandboxAvailabilityResult(false, abi, $"seccomp is not available: {LinuxNative.LastErrorMessage()}");
        }

        if (!NamespaceReexec.Probe(out string failure))
        {
            return new SandboxAvailabilityResult(false, abi, failure);
        }

        bool pid = NamespaceReexec.HasPidNamespaces();
        if (!pid && abi < 6)
        {
            return new SandboxAvailabilityResult(false, abi, $"neither PID namespaces nor Landlock signal scoping (ABI 6; this kernel has {abi}) are available to keep commands away from the server");
        }

        return new SandboxAvailabilityResult(
            true,
            abi,
            $"Landlock ABI {abi}{(abi >= 6 ? " with scoping" : string.Empty)}, seccomp, a mount namespace{(pid ? " and a PID namespace" : string.Empty)}",
            pid);
    }
}
