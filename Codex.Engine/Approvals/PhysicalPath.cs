namespace Codex.Engine.Approvals;

/// <summary>
/// Where a path really leads: every symbolic link along it is followed, as the kernel does when
/// the path is opened. Components that do not exist yet are kept as written.
/// </summary>
internal static class PhysicalPath
{
    // The kernel gives up (ELOOP) after 40 links; a path that loops cannot be written through.
    private const int MaxLinks = 40;

    /// <summary>Resolves <paramref name="path"/> (made absolute first) to its physical location.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? Path.DirectorySeparatorChar.ToString();
        var pending = new Stack<string>(Split(full[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var candidate = Path.Join(current, part);
            var target = LinkTarget(candidate);
            if (target is null)
            {
                current = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                return full;
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? root;
            }

            foreach (var targetPart in Split(target).Reverse())
            {
                pending.Push(targetPart);
            }
        }

        return current;
    }

    private static IEnumerable<string> Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries)
            .Where(part => part != ".");

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An entry that cannot be inspected is taken as written.
            return null;
        }
    }
}
