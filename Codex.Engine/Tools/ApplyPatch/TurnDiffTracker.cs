using System.Text;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// The cumulative diff of one turn (spec §3.6). The first time the turn touches a file its content is
/// snapshotted; <see cref="GetUnifiedDiff"/> compares every snapshot with the disk as it is now and
/// renders a git-style multi-file diff that <c>git apply</c> accepts. A move shows as the deletion of
/// its source and the addition of its destination. Safe to use from several threads.
/// </summary>
public sealed class TurnDiffTracker
{
    private const int ContextLines = 3;
    private const string RegularMode = "100644";
    private const string ExecutableMode = "100755";

    private readonly string _cwd;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileSnapshot?> _baselines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _repositoryRoots = new(StringComparer.Ordinal);

    /// <summary>Creates a tracker for one turn.</summary>
    /// <param name="cwd">The session's absolute working directory: files outside any git repository are named relative to it when inside it.</param>
    public TurnDiffTracker(string cwd)
    {
        ArgumentException.ThrowIfNullOrEmpty(cwd);
        if (!Path.IsPathFullyQualified(cwd))
        {
            throw new ArgumentException($"The working directory must be absolute: '{cwd}'.", nameof(cwd));
        }

        _cwd = Path.GetFullPath(cwd);
    }

    /// <summary>
    /// Snapshots every file <paramref name="patch"/> will touch that this turn has not touched yet.
    /// Call it just before <see cref="PatchApplier.ApplyAsync(VerifiedPatch, CancellationToken)"/>.
    /// </summary>
    public void OnBeforeApply(VerifiedPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        lock (_gate)
        {
            foreach (var path in patch.AffectedPaths)
            {
                if (!_baselines.ContainsKey(path))
                {
                    _baselines[path] = FileSnapshot.Take(path);
                }
            }
        }
    }

    /// <summary>
    /// The git-style diff of every tracked file whose content or mode now differs from its snapshot,
    /// blocks sorted by path; null when nothing differs.
    /// </summary>
    public string? GetUnifiedDiff()
    {
        var blocks = new List<(string Name, string Block)>();
        lock (_gate)
        {
            foreach (var (path, baseline) in _baselines)
            {
                var current = FileSnapshot.Take(path);
                if (FileSnapshot.Same(baseline, current))
                {
                    continue;
                }

                var name = GitDiffPaths.Display(path, _cwd, RepositoryRootOf);
                blocks.Add((name, RenderBlock(name, baseline, current)));
            }
        }

        if (blocks.Count == 0)
        {
            return null;
        }

        blocks.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        return string.Concat(blocks.Select(b => b.Block));
    }

    private string? RepositoryRootOf(string directory)
    {
        if (!_repositoryRoots.TryGetValue(directory, out var root))
        {
            root = GitDiffPaths.FindRepositoryRoot(directory);
            _repositoryRoots[directory] = root;
        }

        return root;
    }

    private static string RenderBlock(string name, FileSnapshot? left, FileSnapshot? right)
    {
        var oldName = GitDiffPaths.Quote("a/", name);
        var newName = GitDiffPaths.Quote("b/", name);
        var block = new StringBuilder().Append("diff --git ").Append(oldName).Append(' ').Append(newName).Append('\n');
        if (left is null)
        {
            block.Append("new file mode ").Append(right!.Mode).Append('\n');
        }
        else if (right is null)
        {
            block.Append("deleted file mode ").Append(left.Mode).Append('\n');
        }
        else if (left.Mode != right.Mode)
        {
            block.Append("old mode ").Append(left.Mode).Append('\n').Append("new mode ").Append(right.Mode).Append('\n');
            if (left.Content.AsSpan().SequenceEqual(right.Content))
            {
                return block.ToString();
            }
        }

        var leftBytes = left?.Content ?? [];
        var rightBytes = right?.Content ?? [];
        block.Append("index ")
            .Append(left is null ? GitBlob.NullId : GitBlob.Id(leftBytes)).Append("..")
            .Append(right is null ? GitBlob.NullId : GitBlob.Id(rightBytes)).Append('\n');

        var fromHeader = left is null ? "/dev/null" : oldName;
        var toHeader = right is null ? "/dev/null" : newName;
        if (!TryDecode(leftBytes, out var leftText) || !TryDecode(rightBytes, out var rightText))
        {
            return block.Append("Binary files ").Append(fromHeader).Append(" and ").Append(toHeader).Append(" differ\n").ToString();
        }

        // An empty file added or deleted has no hunks, and then git writes no ---/+++ lines either.
        var hunks = UnifiedDiffFormatter.Format(leftText, rightText, ContextLines);
        if (hunks.Length > 0)
        {
            block.Append("--- ").Append(fromHeader).Append('\n').Append("+++ ").Append(toHeader).Append('\n').Append(hunks);
        }

        return block.ToString();
    }

    private static bool TryDecode(byte[] bytes, out string text)
    {
        try
        {
            text = FileText.StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    /// <summary>A file's bytes and git mode at one moment; null stands for "no such file".</summary>
    private sealed record FileSnapshot(byte[] Content, string Mode)
    {
        public static FileSnapshot? Take(string path)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                var mode = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0
                    ? ExecutableMode
                    : RegularMode;
                return new FileSnapshot(File.ReadAllBytes(path), mode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Vanished or unreadable between the check and the read: treat it as absent.
                return null;
            }
        }

        public static bool Same(FileSnapshot? x, FileSnapshot? y) =>
            x is null || y is null
                ? x is null && y is null
                : x.Mode == y.Mode && x.Content.AsSpan().SequenceEqual(y.Content);
    }
}
