using System.Diagnostics;

namespace Codex.McpServer.Tests.Tools;

/// <summary>
/// The shell <c>exec_command</c> should default to on this machine, found independently of the
/// server: the login shell of the user's passwd entry as <c>getent</c> reports it when it is bash,
/// zsh or sh and exists, else <c>/bin/bash</c>.
/// </summary>
internal static class UserShellProbe
{
    public static string Expected()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "getent passwd \"$(id -u)\""]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        var fields = line.Split(':');
        var shell = fields.Length >= 7 ? fields[6] : string.Empty;
        return shell.StartsWith('/') && Path.GetFileName(shell) is "bash" or "zsh" or "sh" && File.Exists(shell) ? shell : "/bin/bash";
    }
}
