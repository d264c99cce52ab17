using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Codex.Engine.Sandbox;

/// <summary>
/// For an unprivileged launcher: re-executes it through <c>unshare(1)</c> inside a new user and
/// mount namespace, where it holds CAP_SYS_ADMIN and can make the read-only bind mounts. (The
/// .NET runtime is multithreaded, and <c>unshare(CLONE_NEWUSER)</c> requires a single-threaded
/// caller, so a small native program has to create the namespace for us.)
/// </summary>
internal static class UserNamespaceReexec
{
    private static readonly string[] UnshareArgs = ["--user", "--map-current-user", "--keep-caps", "--mount"];

    /// <summary>
    /// Replaces this process with its second stage inside a user namespace. Returns false, having
    /// changed nothing, when <c>unshare(1)</c> is missing or cannot create the namespaces here.
    /// </summary>
    public static bool TryReexec(IReadOnlyList<string> launcherArgs)
    {
        string? unshare = FindUnshare();
        if (unshare is null || !Probe(unshare))
        {
            return false;
        }

        string? self = Environment.ProcessPath;
        if (self is null)
        {
            return false;
        }

        var argv = new List<string> { unshare };
        argv.AddRange(UnshareArgs);
        argv.Add("--");
        argv.Add(self);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet" && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
        {
            argv.Add(entry);
        }

        argv.Add(LauncherOptions.RunAsSandboxFlag);
        argv.Add(LauncherOptions.UserNamespaceStageFlag);
        argv.AddRange(launcherArgs.SkipWhile(a => a == LauncherOptions.RunAsSandboxFlag));

        NativeExec.Exec(argv, Exec.ShellEnvironment.CurrentEnvironment());
        return false;
    }

    /// <summary>True when <c>unshare(1)</c> exists and can create the user and mount namespaces here.</summary>
    public static bool IsUsable() => FindUnshare() is { } unshare && Probe(unshare);

    /// <summary>Drops the capabilities the user namespace gave us, so the command runs without them.</summary>
    public static void DropAmbientCapabilities()
    {
        if (LinuxNative.prctl(LinuxNative.PR_CAP_AMBIENT, LinuxNative.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
        {
            throw new SandboxSetupException($"clearing ambient capabilities failed: {LinuxNative.LastErrorMessage()}");
        }
    }

    private static string? FindUnshare()
    {
        string[] directories = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];
        return directories.Select(d => Path.Combine(d, "unshare")).FirstOrDefault(File.Exists);
    }

    private static bool Probe(string unshare)
    {
        try
        {
            var start = new ProcessStartInfo(unshare)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string arg in UnshareArgs.Append("--").Append("/bin/true"))
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or ExternalException)
        {
            return false;
        }
    }
}
