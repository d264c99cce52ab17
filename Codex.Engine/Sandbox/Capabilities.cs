using System.Globalization;
using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>
/// Takes every capability away from the launcher before it executes the command, so that a server
/// running as root (common in containers and CI) does not lend root's powers to the command:
/// the bounding set (so executing a setuid or file-capability program cannot bring any back), the
/// ambient, inheritable, permitted and effective sets, and root's special treatment on execve
/// (securebits, locked).
/// </summary>
internal static class Capabilities
{
    private const uint CapabilityVersion3 = 0x20080522;

    // SECBIT_NOROOT, SECBIT_NO_SETUID_FIXUP, SECBIT_KEEP_CAPS (off) and SECBIT_NO_CAP_AMBIENT_RAISE, each with its lock.
    private const nuint LockedSecureBits = 0b1110_1111;

    private static readonly string[] StatusFields = ["CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:"];

    /// <summary>Drops them all, then checks <c>/proc/self/status</c>; throws <see cref="SandboxSetupException"/> if any is left.</summary>
    public static void DropAll()
    {
        int lastCap = LastCapability();
        for (int cap = 0; cap <= lastCap; cap++)
        {
            if (LinuxNative.prctl(LinuxNative.PR_CAPBSET_READ, (nuint)cap, 0, 0, 0) == 1
                && LinuxNative.prctl(LinuxNative.PR_CAPBSET_DROP, (nuint)cap, 0, 0, 0) != 0)
            {
                throw new SandboxSetupException($"dropping capability {cap} from the bounding set failed: {LinuxNative.LastErrorMessage()}");
            }
        }

        // Needs CAP_SETPCAP, which an unprivileged launcher without one never had: nothing to lock then.
        if (LinuxNative.prctl(LinuxNative.PR_SET_SECUREBITS, LockedSecureBits, 0, 0, 0) != 0
            && Marshal.GetLastPInvokeError() != LinuxNative.EPERM)
        {
            throw new SandboxSetupException($"locking the securebits failed: {LinuxNative.LastErrorMessage()}");
        }

        if (LinuxNative.prctl(LinuxNative.PR_CAP_AMBIENT, LinuxNative.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
        {
            throw new SandboxSetupException($"clearing ambient capabilities failed: {LinuxNative.LastErrorMessage()}");
        }

        // struct __user_cap_header_struct { u32 version; int pid; } and two zeroed
        // struct __user_cap_data_struct { u32 effective, permitted, inheritable; }.
        nint header = Marshal.AllocHGlobal(8);
        nint data = Marshal.AllocHGlobal(24);
        try
        {
            Marshal.WriteInt32(header, 0, unchecked((int)CapabilityVersion3));
            Marshal.WriteInt32(header, 4, 0);
            for (int offset = 0; offset < 24; offset += 4)
            {
                Marshal.WriteInt32(data, offset, 0);
            }

            if (LinuxNative.capset(header, data) != 0)
            {
                throw new SandboxSetupException($"capset failed: {LinuxNative.LastErrorMessage()}");
            }
        }
        finally
        {
            Marshal.FreeHGlobal(header);
            Marshal.FreeHGlobal(data);
        }

        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (StatusFields.Any(f => line.StartsWith(f, StringComparison.Ordinal))
                && ulong.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) != 0)
            {
                throw new SandboxSetupException($"capabilities remain after dropping them all ({line.Replace('\t', ' ')})");
            }
        }
    }

    private static int LastCapability()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 63; // every bit the kernel's 64-bit sets can hold; unknown ones are skipped by PR_CAPBSET_READ
        }
    }
}
