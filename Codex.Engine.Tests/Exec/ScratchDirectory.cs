namespace Codex.Engine.Tests.Exec;

/// <summary>
/// A fresh directory under the test output folder, or under /var/tmp when that folder is itself
/// under /tmp (a clone in /tmp): never below a root that the workspace-write sandbox allows.
/// Deleted on dispose.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    /// <param name="parent">Where to create it instead of the default (e.g. a place other users can reach).</param>
    public ScratchDirectory(string? parent = null)
    {
        parent ??= System.IO.Path.Combine(Codex.Testing.TestDirectories.OutsideTemporaryRoots(TestContext.CurrentContext.TestDirectory), "codex-test-scratch");
        Path = System.IO.Path.Combine(parent, Guid.NewGuid().ToString("N"));
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
