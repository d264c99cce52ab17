using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Codex.Testing;

/// <summary>
/// A small real tmpfs mounted on a directory, to run out of disk space for real. Mounting needs
/// root (CAP_SYS_ADMIN); where it is refused the test is ignored with the reason.
/// </summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private const string FillerName = "filler.bin";

    private TmpfsMount(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>
    /// Mounts a tmpfs of <paramref name="size"/> (e.g. <c>2m</c>) on the empty directory <paramref name="directory"/>;
    /// when that is refused, calls <paramref name="ignore"/> (the test framework's ignore, which throws) with the reason.
    /// </summary>
    public static async Task<TmpfsMount> MountOrIgnoreAsync(string directory, string size, Action<string> ignore, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsync("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", directory], cancellationToken);
        if (exitCode != 0)
        {
            var reason = $"This test needs a real tmpfs and `mount -t tmpfs -o size={size}` was refused (exit {exitCode}: {output.Trim()}); run as root with CAP_SYS_ADMIN to include it.";
            Console.WriteLine(reason);
            ignore(reason);
            throw new InvalidOperationException(reason);
        }

        Console.WriteLine($"Mounted a {size} tmpfs on {directory}.");
        return new TmpfsMount(directory);
    }

    /// <summary>Writes a filler file until the file system is full; returns its size.</summary>
    public long Fill()
    {
        using var handle = File.OpenHandle(System.IO.Path.Combine(Directory, FillerName), FileMode.OpenOrCreate, FileAccess.Write);
        var chunk = new byte[16 * 1024];
        var offset = RandomAccess.GetLength(handle);
        while (true)
        {
            try
            {
                RandomAccess.Write(handle, chunk, offset);
                offset += chunk.Length;
            }
            catch (IOException)
            {
                // ENOSPC; a short last write may have landed, so ask the file how long it is.
                return RandomAccess.GetLength(handle);
            }
        }
    }

    /// <summary>Frees <paramref name="bytes"/> of the filler (all of it when null).</summary>
    public void Free(long? bytes = null)
    {
        var path = System.IO.Path.Combine(Directory, FillerName);
        if (bytes is null)
        {
            File.Delete(path);
            return;
        }

        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        RandomAccess.SetLength(handle, Math.Max(0, RandomAccess.GetLength(handle) - bytes.Value));
    }

    public async ValueTask DisposeAsync()
    {
        var (exitCode, _) = await RunAsync("umount", [Directory], CancellationToken.None);
        if (exitCode != 0)
        {
            // Still busy (a process we started is slow to let go): detach it so nothing is left behind.
            await RunAsync("umount", ["-l", Directory], CancellationToken.None);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{fileName} could not be run: {ex.Message}");
        }
    }
}
