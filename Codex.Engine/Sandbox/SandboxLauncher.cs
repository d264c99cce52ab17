namespace Codex.Engine.Sandbox;

/// <summary>
/// How to start the launcher: an executable whose Main forwards <c>--codex-run-as-sandbox …</c>
/// to <see cref="LinuxSandboxLauncher.Run"/>.
/// </summary>
/// <param name="ExecutablePath">The executable (an apphost, or the <c>dotnet</c> muxer).</param>
/// <param name="PrefixArgs">Arguments before the launcher flag (e.g. the .dll path for <c>dotnet</c>).</param>
public sealed record SandboxLauncher(string ExecutablePath, IReadOnlyList<string> PrefixArgs)
{
    private static readonly string[] RuntimeVariables = ["DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_ROOT_ARM64"];

    /// <summary>
    /// Variables the launcher process itself needs to start (such as <c>DOTNET_ROOT</c> for an
    /// apphost with a private runtime). They are set for the launcher and put back to the command's
    /// own values before the command runs.
    /// </summary>
    public IReadOnlyDictionary<string, string> LauncherEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>The launcher for the running executable (its apphost or native binary, or <c>dotnet &lt;entry.dll&gt;</c>).</summary>
    public static SandboxLauncher ForCurrentProcess()
    {
        // A NativeAOT binary or an apphost is the process itself. Under `dotnet entry.dll` the
        // process is the muxer, and the host hands the runtime the entry .dll's full path as the
        // first command-line argument (Assembly.Location is empty in a native binary).
        string executable = Environment.ProcessPath
            ?? throw new InvalidOperationException("the path of the running executable is unknown");
        string[] prefix = Path.GetFileNameWithoutExtension(executable) == "dotnet"
            && Environment.GetCommandLineArgs() is [{ Length: > 0 } entry, ..]
            ? [Path.GetFullPath(entry)]
            : [];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in RuntimeVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        return new SandboxLauncher(executable, prefix) { LauncherEnvironment = environment };
    }
}
