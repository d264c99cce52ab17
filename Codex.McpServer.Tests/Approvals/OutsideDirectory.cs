namespace Codex.McpServer.Tests.Approvals;

/// <summary>
/// A fresh directory outside every writable root of <c>workspace-write</c> (so not under
/// <c>/tmp</c>, <c>$TMPDIR</c> or a workspace, which live in <c>/tmp</c>): under
/// <c>/var/tmp</c>, else under the test's own output directory. Deleted on dispose.
/// </summary>
internal sealed class OutsideDirectory : IDisposable
{
    private OutsideDirectory(string path) => Path = path;

    public string Path { get; }

    public static OutsideDirectory Create()
    {
        var writableRoots = new[] { "/tmp", Environment.GetEnvironmentVariable("TMPDIR") }
            .Where(root => !string.IsNullOrEmpty(root))
            .Select(root => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(root!)))
            .ToList();
        foreach (var parent in new[] { "/var/tmp", TestContext.CurrentContext.WorkDirectory })
        {
            var full = System.IO.Path.GetFullPath(parent);
            if (!Directory.Exists(full) || writableRoots.Any(root => full == root || full.StartsWith(root + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var path = System.IO.Path.Combine(full, $"codex-e2e-outside-{Guid.NewGuid():N}");
            try
            {
                Directory.CreateDirectory(path);
                return new OutsideDirectory(path);
            }
            catch (UnauthorizedAccessException)
            {
                // Not writable for this user; try the next parent.
            }
        }

        throw new InvalidOperationException("No directory outside /tmp and $TMPDIR is writable for the test; cannot test writes outside the workspace.");
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
