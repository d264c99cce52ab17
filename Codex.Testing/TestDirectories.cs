namespace Codex.Testing;

/// <summary>
/// Where tests may put directories that must lie outside every default writable root of the
/// <c>workspace-write</c> sandbox (<c>/tmp</c> and <c>$TMPDIR</c>), so that "outside the workspace"
/// really is outside, wherever the repository was cloned.
/// </summary>
public static class TestDirectories
{
    private const string Fallback = "/var/tmp";

    /// <summary>
    /// <paramref name="preferred"/> when it is outside <c>/tmp</c> and <c>$TMPDIR</c>; otherwise
    /// <c>/var/tmp</c> (persistent on Linux and never a sandbox root).
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither is usable.</exception>
    public static string OutsideTemporaryRoots(string preferred)
    {
        foreach (var candidate in new[] { preferred, Fallback })
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(candidate));
            if (Directory.Exists(full) && !IsUnderTemporaryRoot(full))
            {
                return full;
            }
        }

        throw new InvalidOperationException($"Both {preferred} and {Fallback} are missing or under /tmp or $TMPDIR; tests of writes outside the workspace need a directory elsewhere.");
    }

    /// <summary>Whether <paramref name="path"/> is <c>/tmp</c>, <c>$TMPDIR</c> or below one of them.</summary>
    public static bool IsUnderTemporaryRoot(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return new[] { "/tmp", Environment.GetEnvironmentVariable("TMPDIR") }
            .Where(root => !string.IsNullOrEmpty(root))
            .Select(root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root!)))
            .Any(root => full == root || full.StartsWith(root + "/", StringComparison.Ordinal));
    }
}
