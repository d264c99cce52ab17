using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>
/// The seccomp-BPF program that takes the network away (spec §10.1): socket syscalls and
/// <c>ptrace</c> fail with EPERM, except creating <c>AF_UNIX</c> sockets; everything else is allowed.
/// </summary>
internal static class SeccompNetworkFilter
{
    private const uint AuditArchX8664 = 0xC000003E;
    private const uint AuditArchAarch64 = 0xC00000B7;

    // x86_64 also accepts x32-ABI syscalls (number | 0x40000000) under the same audit arch.
    private const uint X32SyscallBit = 0x40000000;

    private const ushort LoadWordAbsolute = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    private const ushort JumpIfEqual = 0x15;         // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JumpIfGreaterEqual = 0x35;  // BPF_JMP | BPF_JGE | BPF_K
    private const ushort Return = 0x06;              // BPF_RET | BPF_K

    private const uint RetAllow = 0x7FFF0000;
    private const uint RetErrnoEperm = 0x00050000 | LinuxNative.EPERM;

    // getpeername fails with ENOTSOCK instead of EPERM: bash calls getpeername(0) at startup and
    // treats any other error as "stdin is a network connection", which makes it source ~/.bashrc.
    private const uint RetErrnoEnotsock = 0x00050000 | 88;

    // Offsets into struct seccomp_data.
    private const uint OffsetNr = 0;
    private const uint OffsetArch = 4;
    private const uint OffsetArg0Low = 16;

    private const uint AfUnix = 1;

    private sealed record ArchTable(uint AuditArch, bool HasX32, uint[] Denied, uint GetPeerName, uint Socket, uint SocketPair);

    private static readonly ArchTable X8664 = new(
        AuditArchX8664,
        HasX32: true,
        // connect accept sendto sendmsg recvmsg shutdown bind listen getsockname
        // setsockopt getsockopt accept4 recvmmsg sendmmsg ptrace
        Denied: [42, 43, 44, 46, 47, 48, 49, 50, 51, 54, 55, 288, 299, 307, 101],
        GetPeerName: 52,
        Socket: 41,
        SocketPair: 53);

    private static readonly ArchTable Aarch64 = new(
        AuditArchAarch64,
        HasX32: false,
        // bind listen accept connect getsockname sendto setsockopt getsockopt shutdown
        // sendmsg recvmsg accept4 recvmmsg sendmmsg ptrace
        Denied: [200, 201, 202, 203, 204, 206, 208, 209, 210, 211, 212, 242, 243, 269, 117],
        GetPeerName: 205,
        Socket: 198,
        SocketPair: 199);

    /// <summary>True when we have a syscall table for <paramref name="architecture"/>.</summary>
    public static bool IsSupported(Architecture architecture) => architecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The filter as an array of <c>struct sock_filter</c> (8 bytes each).</summary>
    public static byte[] BuildProgram(Architecture architecture)
    {
        ArchTable table = architecture switch
        {
            Architecture.X64 => X8664,
            Architecture.Arm64 => Aarch64,
            _ => throw new SandboxSetupException($"seccomp network filter is not implemented for {architecture}"),
        };

        var program = new List<(ushort Code, string? True, string? False, uint K, string? Label)>();
        void Add(ushort code, uint k, string? jumpTrue = null, string? jumpFalse = null, string? label = null) =>
            program.Add((code, jumpTrue, jumpFalse, k, label));

        // A syscall made through another ABI (e.g. int 0x80 on x86_64) would use other numbers: deny them all.
        Add(LoadWordAbsolute, OffsetArch);
        Add(JumpIfEqual, table.AuditArch, jumpFalse: "deny");
        Add(LoadWordAbsolute, OffsetNr);
        if (table.HasX32)
        {
            Add(JumpIfGreaterEqual, X32SyscallBit, jumpTrue: "deny");
        }

        foreach (uint nr in table.Denied)
        {
            Add(JumpIfEqual, nr, jumpTrue: "deny");
        }

        Add(JumpIfEqual, table.GetPeerName, jumpTrue: "notsock");
        Add(JumpIfEqual, table.Socket, jumpTrue: "domain");
        Add(JumpIfEqual, table.SocketPair, jumpTrue: "domain");
        Add(Return, RetAllow);
        Add(LoadWordAbsolute, OffsetArg0Low, label: "domain");
        Add(JumpIfEqual, AfUnix, jumpFalse: "deny");
        Add(Return, RetAllow);
        Add(Return, RetErrnoEperm, label: "deny");
        Add(Return, RetErrnoEnotsock, label: "notsock");

        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < program.Count; i++)
        {
            if (program[i].Label is { } label)
            {
                labels[label] = i;
            }
        }

        byte[] bytes = new byte[program.Count * 8];
        for (int i = 0; i < program.Count; i++)
        {
            (ushort code, string? jumpTrue, string? jumpFalse, uint k, _) = program[i];
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 8, 2), code);
            bytes[(i * 8) + 2] = Offset(labels, jumpTrue, i);
            bytes[(i * 8) + 3] = Offset(labels, jumpFalse, i);
            BitConverter.TryWriteBytes(bytes.AsSpan((i * 8) + 4, 4), k);
        }

        return bytes;
    }

    private static byte Offset(Dictionary<string, int> labels, string? target, int from)
    {
        if (target is null)
        {
            return 0;
        }

        int offset = labels[target] - from - 1;
        return checked((byte)offset);
    }

    /// <summary>Installs the filter on the calling thread; no_new_privs must already be set.</summary>
    public static void Install()
    {
        byte[] program = BuildProgram(RuntimeInformation.ProcessArchitecture);
        nint filter = Marshal.AllocHGlobal(program.Length);
        nint fprog = Marshal.AllocHGlobal(16);
        try
        {
            Marshal.Copy(program, 0, filter, program.Length);

            // struct sock_fprog: unsigned short len; (padding) struct sock_filter *filter.
            Marshal.WriteInt64(fprog, 0, 0);
            Marshal.WriteInt16(fprog, 0, (short)(program.Length / 8));
            Marshal.WriteIntPtr(fprog, 8, filter);
            if (LinuxNative.prctl(LinuxNative.PR_SET_SECCOMP, LinuxNative.SECCOMP_MODE_FILTER, (nuint)fprog, 0, 0) != 0)
            {
                throw new SandboxSetupException($"installing the seccomp network filter failed: {LinuxNative.LastErrorMessage()}");
            }
        }
        finally
        {
            // The kernel copies the program, so the buffers can go.
            Marshal.FreeHGlobal(filter);
            Marshal.FreeHGlobal(fprog);
        }
    }
}
