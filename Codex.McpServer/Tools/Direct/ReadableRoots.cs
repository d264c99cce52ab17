namespace Codex.McpServer.Tools.Direct;

/// <summary>
/// Keeps the read tools inside the call's <c>cwd</c>: a path is resolved through every symbolic
/// link before it is compared, so a link cannot lead outside.
/// </summary>
internal static class ReadableRoots
{
    private const int MaxLinks = 40;

    /// <summary>The path relative to <paramref name="cwd"/> (<c>.</c> for itself), or null and an error when it leads outside it.</summary>
    public static string? Resolve(string cwd, string path, out string? error)
    {
        var root = RealPath(cwd);
        var full = RealPath(Path.GetFullPath(path, cwd));
        if (root is null || full is null)
        {
            error = $"`{path}` could not be resolved (a loop of symbolic links?).";
            return null;
        }

        var inside = full == root || full.StartsWith(Path.TrimEndingDirectorySeparator(root) + "/", StringComparison.Ordinal);
        error = inside ? null : $"`{path}` is outside the readable root `{root}` (the call's cwd); the read tools only read inside it.";
        return inside ? Path.GetRelativePath(root, full) : null;
    }

    /// <summary>The path with every symbolic link resolved; null after too many links.</summary>
    private static string? RealPath(string path)
    {
        var links = 0;
        var pending = new Stack<string>(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = Path.Join(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                return null;
            }

            // The link's target replaces this part; an absolute target restarts from the root.
            foreach (var piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(piece);
            }

            if (target.StartsWith('/'))
            {
                current = "/";
            }
        }

        return current;
    }
}
