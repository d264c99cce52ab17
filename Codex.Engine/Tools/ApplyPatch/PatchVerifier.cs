using Codex.Protocol;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// Checks a parsed patch against the file system without writing anything (spec §8.5). Operations
/// are simulated in order on an in-memory view, so a later operation sees what an earlier one of
/// the same patch did, exactly as sequential application would.
/// </summary>
public static class PatchVerifier
{
    /// <summary>
    /// Resolves the patch's paths against <paramref name="cwd"/>, reads the files it updates or deletes,
    /// and computes their new contents and the <see cref="VerifiedPatch.Changes"/> map.
    /// </summary>
    /// <param name="patch">The parsed patch.</param>
    /// <param name="cwd">An absolute directory for relative paths.</param>
    /// <exception cref="ApplyPatchException">
    /// A file cannot be read (<c>Failed to read &lt;path&gt;: …</c>, <c>Failed to read file to update &lt;path&gt;: …</c>)
    /// or a chunk does not match (<c>Failed to find context '…' in &lt;path&gt;</c>,
    /// <c>Failed to find expected lines in &lt;path&gt;:\n…</c>); paths in messages are absolute.
    /// </exception>
    public static VerifiedPatch Verify(ParsedPatch patch, string cwd)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentException.ThrowIfNullOrEmpty(cwd);
        if (!Path.IsPathFullyQualified(cwd))
        {
            throw new ArgumentException($"The working directory must be absolute: '{cwd}'.", nameof(cwd));
        }

        var root = Path.GetFullPath(cwd);
        var view = new View();
        var changes = new Dictionary<string, FileChange>(StringComparer.Ordinal);
        var added = new List<string>();
        var modified = new List<string>();
        var deleted = new List<string>();

        foreach (var hunk in patch.Hunks)
        {
            var path = Resolve(hunk.Path, root);
            switch (hunk)
            {
                case AddFileHunk add:
                    view.Set(path, add.Contents, modeSource: null);
                    changes[path] = new AddFileChange(add.Contents);
                    added.Add(add.Path);
                    break;

                case DeleteFileHunk delete:
                    var old = view.Read(path, $"Failed to read {path}");
                    view.Set(path, null, modeSource: null);
                    changes[path] = new DeleteFileChange(old);
                    deleted.Add(delete.Path);
                    break;

                case UpdateFileHunk update:
                    var original = view.Read(path, $"Failed to read file to update {path}");
                    var updated = ChunkApplier.Apply(original, update.Chunks, path);
                    var diff = UnifiedDiffFormatter.Format(original, updated, context: 1);
                    string? destination = null;
                    if (update.MovePath is { } movePath)
                    {
                        destination = Resolve(movePath, root);
                    }

                    if (destination is not null && destination != path)
                    {
                        view.Set(destination, updated, modeSource: path);
                        view.Set(path, null, modeSource: null);
                    }
                    else
                    {
                        view.Set(path, updated, modeSource: null);
                    }

                    changes[path] = new UpdateFileChange(diff, destination);
                    modified.Add(update.MovePath ?? update.Path);
                    break;

                default:
                    throw new ArgumentException($"Unknown hunk type {hunk.GetType().Name}.", nameof(patch));
            }
        }

        var plan = new PatchPlan(view.Writes(), added, modified, deleted);
        return new VerifiedPatch(patch, root, changes, view.TouchedPaths, plan);
    }

    private static string Resolve(string path, string root)
    {
        try
        {
            return path.Length == 0 ? root : Path.GetFullPath(path, root);
        }
        catch (ArgumentException e)
        {
            throw new ApplyPatchException($"Invalid path '{path}': {e.Message}", e);
        }
    }

    /// <summary>The file system as the patch sees it part-way through: disk, overlaid with earlier operations.</summary>
    private sealed class View
    {
        private readonly Dictionary<string, (string? Content, string? ModeSource)> _overlay = new(StringComparer.Ordinal);
        private readonly List<string> _touched = [];

        public IReadOnlyList<string> TouchedPaths => _touched;

        public string Read(string path, string errorContext)
        {
            if (_overlay.TryGetValue(path, out var state))
            {
                return state.Content ?? throw new ApplyPatchException($"{errorContext}: No such file or directory (os error 2)");
            }

            return FileText.Read(path, errorContext);
        }

        public void Set(string path, string? content, string? modeSource)
        {
            if (!_overlay.ContainsKey(path))
            {
                _touched.Add(path);
            }

            // A moved file keeps the mode of where its content came from, unless it lands on an existing file.
            if (modeSource is not null && _overlay.TryGetValue(modeSource, out var source))
            {
                modeSource = source.ModeSource ?? modeSource;
            }

            _overlay[path] = (content, modeSource);
        }

        public List<PlannedWrite> Writes() =>
            [.. _touched.Select(path => new PlannedWrite(path, _overlay[path].Content, _overlay[path].ModeSource))];
    }
}
