
namespace Codex.McpServer.Tests.Security;

/// <summary>
/// A temp directory another user (uid 65534) can reach, holding a copy of the published server: a clone
/// may live under a 0700 directory, which that user could not enter. Removed on dispose.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class WorldReadableScratch : IDisposable
{
    public WorldReadableScratch()
    {
        Root = System.IO.Directory.CreateTempSubdirectory("codex-hardening-").FullName;
        File.SetUnixFileMode(Root, (UnixFileMode)Convert.ToInt32("755", 8));
    }

    public string Root { get; }

    /// <summary>A subdirectory anyone may write to (mode 1777, like /tmp).</summary>
    public string Directory(string name)
    {
        var path = System.IO.Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("1777", 8));
        return path;
    }

    /// <summary>Copies the published server's directory here, readable and executable by all; returns the executable's path.</summary>
    public string CopyServer()
    {
        var source = Path.GetDirectoryName(ServerLocator.ServerPath())!;
        var target = System.IO.Directory.CreateDirectory(Path.Combine(Root, "server")).FullName;
        File.SetUnixFileMode(target, (UnixFileMode)Convert.ToInt32("755", 8));
        foreach (var file in System.IO.Directory.GetFiles(source))
        {
            var copy = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        return Path.Combine(target, Path.GetFileName(ServerLocator.ServerPath()));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir is harmless.
        }
    }
}
