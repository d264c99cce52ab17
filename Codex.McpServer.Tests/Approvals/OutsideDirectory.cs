using Codex.Testing;

namespace Codex.McpServer.Tests.Approvals;

/// <summary>
/// A fresh directory outside every writable root of <c>workspace-write</c> (so not under
/// <c>/tmp</c>, <c>$TMPDIR</c> or a workspace, which live in <c>/tmp</c>): under
/// <c>/var/tmp</c>. Deleted on dispose.
/// </summary>
internal sealed class OutsideDirectory : IDisposable
{
    private OutsideDirectory(string path) => Path = path;

    public string Path { get; }

    public static OutsideDirectory Create()
    {
        var parent = TestDirectories.OutsideTemporaryRoots("/var/tmp");
        var path = System.IO.Path.Combine(parent, $"codex-e2e-outside-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return new OutsideDirectory(path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
