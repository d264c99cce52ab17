namespace Codex.Engine.Tests.Exec;

/// <summary>
/// A fresh directory under the test output folder, or under /var/tmp when that folder is itself
/// under /tmp (a clone in /tmp): never below a root that the workspace-write sandbox allows.
/// Deleted on dispose.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        var parent = Codex.Testing.TestDirectories.OutsideTemporaryRoots(TestContext.CurrentContext.TestDirectory);
        Path = System.IO.Path.Combine(parent, "codex-test-scratch", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string CreateDirectory(params string[] parts)
    {
        string path = Combine(parts);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the next run uses a new directory anyway.
        }
    }
}
