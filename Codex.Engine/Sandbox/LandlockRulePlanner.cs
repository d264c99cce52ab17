namespace Codex.Engine.Sandbox;

/// <summary>
/// Turns writable roots into Landlock rules: read and execute everywhere, full access to
/// <c>/dev/null</c> and to the roots.
/// </summary>
/// <remarks>
/// Landlock only adds rights, and a right granted on a directory holds for its whole subtree, so
/// a grant on a root cannot leave <c>root/.git</c> out. When the read-only subpaths cannot be
/// protected by a read-only bind mount (see <see cref="ReadOnlyBindMounts"/>), the planner
/// excludes them instead: a directory that contains a protected path gets no grant itself,
/// each of its entries gets one (recursing into the directory that leads to the protected
/// path), and the protected path gets none. The cost is that entries cannot be created,
/// removed or renamed directly in such a directory; everything beneath its other entries is
/// writable.
/// </remarks>
internal static class LandlockRulePlanner
{
    /// <summary>Plans the rules for <paramref name="roots"/>.</summary>
    /// <param name="roots">The writable roots.</param>
    /// <param name="full">Every right the ruleset handles.</param>
    /// <param name="excludeReadOnlySubpaths">Whether the rules themselves must keep the read-only subpaths out.</param>
    public static IReadOnlyList<LandlockRule> Plan(IReadOnlyList<WritableRoot> roots, LandlockAccess full, bool excludeReadOnlySubpaths)
    {
        var rules = new List<LandlockRule>
        {
            new("/", LandlockRights.Read & full),
            new("/dev/null", full),
        };

        string[] excluded = excludeReadOnlySubpaths
            ? roots.SelectMany(r => r.ReadOnlySubpaths).Select(Normalize).Distinct(StringComparer.Ordinal).ToArray()
            : [];

        foreach (WritableRoot root in roots)
        {
            string path = Normalize(root.Root);
            if (Directory.Exists(path))
            {
                Grant(path, excluded, full, rules);
            }
        }

        return rules;
    }

    private static void Grant(string directory, string[] excluded, LandlockAccess full, List<LandlockRule> rules)
    {
        string prefix = directory == "/" ? "/" : directory + "/";
        if (!excluded.Any(p => p.StartsWith(prefix, StringComparison.Ordinal)))
        {
            rules.Add(new LandlockRule(directory, full));
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            if (excluded.Contains(entry, StringComparer.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(entry);
            if (info.LinkTarget is not null)
            {
                // A rule on a symlink would apply to its target, which may be anywhere.
                continue;
            }

            if (info.Attributes.HasFlag(FileAttributes.Directory))
            {
                Grant(entry, excluded, full, rules);
            }
            else
            {
                rules.Add(new LandlockRule(entry, LandlockRights.ForFile(full)));
            }
        }
    }

    private static string Normalize(string path)
    {
        string full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
