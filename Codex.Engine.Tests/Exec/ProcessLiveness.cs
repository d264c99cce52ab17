namespace Codex.Engine.Tests.Exec;

/// <summary>Reads process state from /proc.</summary>
internal static class ProcessLiveness
{
    /// <summary>True while the process exists and is not a zombie (a zombie has already died).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[stat.LastIndexOf(')') + 2];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Polls until the process is gone or the deadline passes; returns whether it is gone.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan within, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + within;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    /// <summary>Polls until a file holding a pid appears, and returns the pid.</summary>
    public static async Task<int> ReadPidFileAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } text && int.TryParse(text, out int pid))
            {
                return pid;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
