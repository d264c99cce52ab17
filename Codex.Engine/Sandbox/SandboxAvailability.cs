using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>Probes whether this machine can enforce the Linux sandbox.</summary>
public static class SandboxAvailability
{
    private const int CapSysAdmin = 21;

    private static readonly Lazy<SandboxAvailabilityResult> Cached = new(Probe);

    /// <summary>The probe result (computed once per process).</summary>
    public static SandboxAvailabilityResult Check() => Cached.Value;

    private static SandboxAvailabilityResult Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new SandboxAvailabilityResult(false, 0, "the sandbox is only implemented for Linux", GitDirectoryProtection.LandlockExclusion);
        }

        if (!SeccompNetworkFilter.IsSupported(RuntimeInformation.ProcessArchitecture))
        {
            return new SandboxAvailabilityResult(false, 0, $"no seccomp syscall table for {RuntimeInformation.ProcessArchitecture}", GitDirectoryProtection.LandlockExclusion);
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
            return new SandboxAvailabilityResult(false, 0, $"Landlock is not available: {why}", GitDirectoryProtection.LandlockExclusion);
        }

        // PR_GET_SECCOMP fails with EINVAL when the kernel lacks seccomp.
        if (LinuxNative.prctl(LinuxNative.PR_GET_SECCOMP, 0, 0, 0, 0) < 0)
        {
            return new SandboxAvailabilityResult(false, abi, $"seccomp is not available: {LinuxNative.LastErrorMessage()}", GitDirectoryProtection.LandlockExclusion);
        }

        GitDirectoryProtection git = ProbeGitProtection();
        return new SandboxAvailabilityResult(true, abi, $"Landlock ABI {abi} and seccomp are available; .git protection: {git}", git);
    }

    /// <summary>Predicts which strategy the launcher will manage to use (it decides again for each command).</summary>
    private static GitDirectoryProtection ProbeGitProtection()
    {
        if (HasEffectiveCapability(CapSysAdmin))
        {
            return GitDirectoryProtection.BindMount;
        }

        return UserNamespaceReexec.IsUsable() ? GitDirectoryProtection.BindMountInUserNamespace : GitDirectoryProtection.LandlockExclusion;
    }

    private static bool HasEffectiveCapability(int capability)
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            return line is not null
                && ulong.TryParse(line["CapEff:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out ulong mask)
                && (mask & (1UL << capability)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
