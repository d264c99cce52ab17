namespace Codex.Engine.Sandbox;

/// <summary>
/// Turns writable roots into Landlock rules: read and execute everywhere, full access to
/// <c>/dev/null</c> and to the roots. The roots' protected subpaths (<c>.git</c>) need no rule of
/// their own: they are read-only bind mounts (see <see cref="SandboxMounts"/>).
/// </summary>
internal static class LandlockRulePlanner
{
    /// <summary>Plans the rules for <paramref name="roots"/>.</summary>
    /// <param name="roots">The writable roots.</param>
    /// <param name="full">Every right the ruleset handles.</param>
    public static IReadOnlyList<LandlockRule> Plan(IReadOnlyList<WritableRoot> roots, LandlockAccess full)
    {
        var rules = new List<LandlockRule>
        {
            new("/", LandlockRights.Read & full),
            new("/dev/null", full),
        };

        foreach (WritableRoot root in roots)
        {
            string path = Path.GetFullPath(root.Root);
            path = path.Length > 1 ? path.TrimEnd('/') : path;
            if (Directory.Exists(path))
            {
                rules.Add(new LandlockRule(path, full));
            }
        }

        return rules;
    }
}
