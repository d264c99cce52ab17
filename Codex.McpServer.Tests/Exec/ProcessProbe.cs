namespace Codex.McpServer.Tests.Exec;

/// <summary>Reads process ids that test commands write to files, and watches those processes in /proc.</summary>
internal static class ProcessProbe
{
    /// <summary>
    /// True while <paramref name="pid"/> exists and is not a zombie (a killed process whose
    /// parent is gone may linger as a zombie until something reaps it; it no longer runs).
    /// </summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var state = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith("State:", StringComparison.Ordinal));
            return state is not null && !state.Contains("(zombie)", StringComparison.Ordinal) && !state.Contains("(dead)", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until the process is gone; false if it still runs when <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, CancellationToken cancellationToken)
    {
        try
        {
            while (IsRunning(pid))
            {
                await Task.Delay(50, cancellationToken);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The running processes whose command line contains <paramref name="token"/>. Sandboxed commands live in
    /// a PID namespace of their own, so the pids they see of themselves mean nothing here; a token in their
    /// command line finds them from outside.
    /// </summary>
    public static int[] FindByCommandLine(string token)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(token, StringComparison.Ordinal) && IsRunning(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }

        return found.ToArray();
    }

    /// <summary>Waits until <paramref name="path"/> exists.</summary>
    public static async Task WaitForFileAsync(string path, CancellationToken cancellationToken)
    {
        while (!File.Exists(path))
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Kills a process the test's command left behind (cleanup only; the assertion has been made).</summary>
    public static void KillIfRunning(int pid)
    {
        if (!IsRunning(pid))
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It exited in between.
        }
    }
}
