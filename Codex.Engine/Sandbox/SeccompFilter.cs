using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>
/// The seccomp-BPF program every sandboxed command runs under.
/// <list type="bullet">
/// <item>Always denied (EPERM): io_uring (its operations never pass through this filter, so it
/// would reach the network and anything else the filter denies), ptrace and cross-process memory
/// access, perf_event_open, bpf, userfaultfd, the kernel keyring, module and kexec loading,
/// handle-based opens (which bypass path checks), the mount API and new namespaces;
/// <c>clone3</c> fails with ENOSYS, so that libc falls back to <c>clone</c>, whose flags the
/// filter can read.</item>
/// <item>Without network access (spec §10.1): socket syscalls fail with EPERM, except creating
/// <c>AF_UNIX</c> sockets and socket pairs.</item>
/// </list>
/// Everything else is allowed. Syscalls through another ABI (x32, or 32-bit) are all denied.
/// </summary>
internal static class SeccompFilter
{
    private const uint AuditArchX8664 = 0xC000003E;
    private const uint AuditArchAarch64 = 0xC00000B7;

    // x86_64 also accepts x32-ABI syscalls (number | 0x40000000) under the same audit arch.
    private const uint X32SyscallBit = 0x40000000;

    private const ushort LoadWordAbsolute = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    private const ushort JumpIfEqual = 0x15;         // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JumpIfGreaterEqual = 0x35;  // BPF_JMP | BPF_JGE | BPF_K
    private const ushort JumpIfAnyBit = 0x45;        // BPF_JMP | BPF_JSET | BPF_K
    private const ushort Return = 0x06;              // BPF_RET | BPF_K

    private const uint RetAllow = 0x7FFF0000;
    private const uint RetErrno = 0x00050000;
    private const uint RetErrnoEperm = RetErrno | LinuxNative.EPERM;
    private const uint RetErrnoEnosys = RetErrno | LinuxNative.ENOSYS;

    // getpeername fails with ENOTSOCK instead of EPERM: bash calls getpeername(0) at startup and
    // treats any other error as "stdin is a network connection", which makes it source ~/.bashrc.
    private const uint RetErrnoEnotsock = RetErrno | 88;

    // Offsets into struct seccomp_data.
    private const uint OffsetNr = 0;
    private const uint OffsetArch = 4;
    private const uint OffsetArg0Low = 16;

    private const uint AfUnix = 1;

    // CLONE_NEWTIME | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
    private const uint CloneNamespaceFlags = 0x00000080 | 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    // Numbers shared by every architecture (the unified table): io_uring_setup, io_uring_enter,
    // io_uring_register, open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, pidfd_getfd, mount_setattr.
    private static readonly uint[] CommonDenied = [425, 426, 427, 428, 429, 430, 431, 432, 433, 438, 442];

    private const uint Clone3 = 435;

    private sealed record ArchTable(uint AuditArch, bool HasX32, uint[] AlwaysDenied, uint[] NetworkDenied, uint GetPeerName, uint Socket, uint SocketPair, uint CloneSyscall);

    private static readonly ArchTable X8664 = new(
        AuditArchX8664,
        HasX32: true,
        // ptrace process_vm_readv process_vm_writev kcmp perf_event_open bpf userfaultfd
        // add_key request_key keyctl kexec_load kexec_file_load init_module finit_module delete_module
        // name_to_handle_at open_by_handle_at mount umount2 pivot_root unshare setns
        AlwaysDenied: [101, 310, 311, 312, 298, 321, 323, 248, 249, 250, 246, 320, 175, 313, 176, 303, 304, 165, 166, 155, 272, 308],
        // connect accept sendto sendmsg recvmsg shutdown bind listen getsockname
        // setsockopt getsockopt accept4 recvmmsg sendmmsg
        NetworkDenied: [42, 43, 44, 46, 47, 48, 49, 50, 51, 54, 55, 288, 299, 307],
        GetPeerName: 52,
        Socket: 41,
        SocketPair: 53,
        CloneSyscall: 56);

    private static readonly ArchTable Aarch64 = new(
        AuditArchAarch64,
        HasX32: false,
        // ptrace process_vm_readv process_vm_writev kcmp perf_event_open bpf userfaultfd
        // add_key request_key keyctl kexec_load kexec_file_load init_module finit_module delete_module
        // name_to_handle_at open_by_handle_at mount umount2 pivot_root unshare setns
        AlwaysDenied: [117, 270, 271, 272, 241, 280, 282, 217, 218, 219, 104, 294, 105, 273, 106, 264, 265, 40, 39, 41, 97, 268],
        // bind listen accept connect getsockname sendto setsockopt getsockopt shutdown
        // sendmsg recvmsg accept4 recvmmsg sendmmsg
        NetworkDenied: [200, 201, 202, 203, 204, 206, 208, 209, 210, 211, 212, 242, 243, 269],
        GetPeerName: 205,
        Socket: 198,
        SocketPair: 199,
        CloneSyscall: 220);

    /// <summary>True when we have a syscall table for <paramref name="architecture"/>.</summary>
    public static bool IsSupported(Architecture architecture) => architecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>The filter as an array of <c>struct sock_filter</c> (8 bytes each).</summary>
    public static byte[] BuildProgram(Architecture architecture, bool allowNetwork)
    {
        ArchTable table = architecture switch
        {
            Architecture.X64 => X8664,
            Architecture.Arm64 => Aarch64,
            _ => throw new SandboxSetupException($"the seccomp filter is not implemented for {architecture}"),
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

        foreach (uint nr in CommonDenied.Concat(table.AlwaysDenied))
        {
            Add(JumpIfEqual, nr, jumpTrue: "deny");
        }

        Add(JumpIfEqual, Clone3, jumpTrue: "nosys");
        Add(JumpIfEqual, table.CloneSyscall, jumpTrue: "clone");
        if (!allowNetwork)
        {
            foreach (uint nr in table.NetworkDenied)
            {
                Add(JumpIfEqual, nr, jumpTrue: "deny");
            }

            Add(JumpIfEqual, table.GetPeerName, jumpTrue: "notsock");
            Add(JumpIfEqual, table.Socket, jumpTrue: "domain");
            Add(JumpIfEqual, table.SocketPair, jumpTrue: "domain");
        }

        Add(Return, RetAllow);
        Add(LoadWordAbsolute, OffsetArg0Low, label: "clone");
        Add(JumpIfAnyBit, CloneNamespaceFlags, jumpTrue: "deny");
        Add(Return, RetAllow);
        if (!allowNetwork)
        {
            Add(LoadWordAbsolute, OffsetArg0Low, label: "domain");
            Add(JumpIfEqual, AfUnix, jumpFalse: "deny");
            Add(Return, RetAllow);
            Add(Return, RetErrnoEnotsock, label: "notsock");
        }

        Add(Return, RetErrnoEperm, label: "deny");
        Add(Return, RetErrnoEnosys, label: "nosys");

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
    public static void Install(bool allowNetwork)
    {
        byte[] program = BuildProgram(RuntimeInformation.ProcessArchitecture, allowNetwork);
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
                throw new SandboxSetupException($"installing the seccomp filter failed: {LinuxNative.LastErrorMessage()}");
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
