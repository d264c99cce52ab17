namespace Codex.Engine.Sandbox;

/// <summary>Landlock filesystem access rights (linux/landlock.h) and the sets we grant.</summary>
[Flags]
internal enum LandlockAccess : ulong
{
    None = 0,
    Execute = 1UL << 0,
    WriteFile = 1UL << 1,
    ReadFile = 1UL << 2,
    ReadDir = 1UL << 3,
    RemoveDir = 1UL << 4,
    RemoveFile = 1UL << 5,
    MakeChar = 1UL << 6,
    MakeDir = 1UL << 7,
    MakeReg = 1UL << 8,
    MakeSock = 1UL << 9,
    MakeFifo = 1UL << 10,
    MakeBlock = 1UL << 11,
    MakeSym = 1UL << 12,

    /// <summary>ABI 2: link or rename a file into another directory.</summary>
    Refer = 1UL << 13,

    /// <summary>ABI 3: truncate a file.</summary>
    Truncate = 1UL << 14,

    /// <summary>ABI 5: ioctl on a character or block device.</summary>
    IoctlDev = 1UL << 15,
}

/// <summary>Which rights each Landlock ABI version knows, and the sets the sandbox grants.</summary>
internal static class LandlockRights
{
    /// <summary>The highest ABI whose filesystem rights we handle (ABI 6 and 7 add none).</summary>
    public const int MaxImplementedAbi = 7;

    /// <summary>Reading files and directories and executing programs.</summary>
    public const LandlockAccess Read = LandlockAccess.Execute | LandlockAccess.ReadFile | LandlockAccess.ReadDir;

    /// <summary>Every filesystem right known at <paramref name="abi"/>.</summary>
    public static LandlockAccess HandledBy(int abi)
    {
        LandlockAccess rights = (LandlockAccess)((1UL << 13) - 1);
        if (abi >= 2)
        {
            rights |= LandlockAccess.Refer;
        }

        if (abi >= 3)
        {
            rights |= LandlockAccess.Truncate;
        }

        if (abi >= 5)
        {
            rights |= LandlockAccess.IoctlDev;
        }

        return rights;
    }

    /// <summary>The subset that applies to a non-directory (Landlock rejects directory rights on files).</summary>
    public static LandlockAccess ForFile(LandlockAccess rights) =>
        rights & (LandlockAccess.Execute | LandlockAccess.WriteFile | LandlockAccess.ReadFile | LandlockAccess.Truncate | LandlockAccess.IoctlDev);
}
