namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// Writes a <see cref="PatchPlan"/> all or nothing. First every new content is staged in a temporary
/// file next to its target (parent directories created as needed); then each existing target is
/// renamed to a backup and the staged file renamed into place. If any step fails, the renames done
/// so far are undone, staged files and created directories removed, and the tree is as it was.
/// </summary>
internal static class FileTransaction
{
    private sealed record Staged(string Path, string PhysicalPath, string? TempPath);

    private sealed record Committed(string PhysicalPath, string? BackupPath, bool Placed);

    /// <summary>Applies <paramref name="writes"/>.</summary>
    /// <param name="writes">Final states, one per absolute path.</param>
    /// <param name="beforeReplace">Test seam: called with each path just before it is replaced or removed.</param>
    /// <param name="cancellationToken">Honoured until the first target is replaced, never part-way through.</param>
    /// <exception cref="ApplyPatchException">A write failed; nothing was changed.</exception>
    public static async Task CommitAsync(
        IReadOnlyList<PlannedWrite> writes, Action<string>? beforeReplace, CancellationToken cancellationToken)
    {
        var createdDirectories = new List<string>();
        var staged = new List<Staged>();
        try
        {
            foreach (var write in writes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                staged.Add(await StageAsync(write, createdDirectories, cancellationToken).ConfigureAwait(false));
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            Discard(staged, createdDirectories);
            throw;
        }

        var committed = new List<Committed>();
        var current = string.Empty;
        try
        {
            foreach (var item in staged)
            {
                current = item.Path;
                beforeReplace?.Invoke(item.Path);
                string? backup = null;
                if (File.Exists(item.PhysicalPath))
                {
                    backup = SiblingName(item.PhysicalPath, "bak");
                    File.Move(item.PhysicalPath, backup);
                }

                committed.Add(new Committed(item.PhysicalPath, backup, Placed: false));
                if (item.TempPath is not null)
                {
                    File.Move(item.TempPath, item.PhysicalPath);
                    committed[^1] = committed[^1] with { Placed = true };
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RollBack(committed);
            Discard(staged, createdDirectories);
            throw new ApplyPatchException($"Failed to write file {current}: {FileText.Describe(e)}", e);
        }

        foreach (var item in committed.Where(c => c.BackupPath is not null))
        {
            TryDeleteFile(item.BackupPath!);
        }
    }

    private static async Task<Staged> StageAsync(PlannedWrite write, List<string> createdDirectories, CancellationToken cancellationToken)
    {
        var physical = FollowLinks(write.Path);
        if (Directory.Exists(physical))
        {
            var verb = write.Content is null ? "delete" : "write";
            throw new ApplyPatchException($"Failed to {verb} file {write.Path}: Is a directory (os error 21)");
        }

        if (write.Content is null)
        {
            // Removing a link removes the link, as remove_file does, not what it points to.
            return new Staged(write.Path, write.Path, null);
        }

        var directory = Path.GetDirectoryName(physical) ?? throw new ApplyPatchException($"Failed to write file {write.Path}: no parent directory");
        CreateDirectories(directory, write.Path, createdDirectories);
        var temp = SiblingName(physical, "tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
            };
            var stream = new FileStream(temp, options);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(FileText.StrictUtf8.GetBytes(write.Content), cancellationToken).ConfigureAwait(false);
            }

            CopyMode(File.Exists(physical) ? physical : write.ModeSource, temp);
            return new Staged(write.Path, physical, temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDeleteFile(temp);
            throw new ApplyPatchException($"Failed to write file {write.Path}: {FileText.Describe(e)}", e);
        }
        catch
        {
            TryDeleteFile(temp);
            throw;
        }
    }

    // A write through a symbolic link changes the file it points to, as the original's fs::write does.
    private static string FollowLinks(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static void CreateDirectories(string directory, string forPath, List<string> createdDirectories)
    {
        var missing = new List<string>();
        for (var dir = directory; !string.IsNullOrEmpty(dir) && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing.Add(dir);
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ApplyPatchException($"Failed to create parent directories for {forPath}: {FileText.Describe(e)}", e);
        }

        // Recorded deepest first, which is the order they must be removed in.
        createdDirectories.AddRange(missing);
    }

    private static void CopyMode(string? from, string to)
    {
        if (OperatingSystem.IsWindows() || from is null || !File.Exists(from))
        {
            return;
        }

        File.SetUnixFileMode(to, File.GetUnixFileMode(from));
    }

    private static void RollBack(List<Committed> committed)
    {
        for (var i = committed.Count - 1; i >= 0; i--)
        {
            var item = committed[i];
            if (item.Placed)
            {
                TryDeleteFile(item.PhysicalPath);
            }

            if (item.BackupPath is not null)
            {
                try
                {
                    File.Move(item.BackupPath, item.PhysicalPath, overwrite: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Keep restoring the others; the backup stays next to the file for a human to recover.
                }
            }
        }
    }

    private static void Discard(List<Staged> staged, List<string> createdDirectories)
    {
        foreach (var item in staged)
        {
            if (item.TempPath is not null)
            {
                TryDeleteFile(item.TempPath);
            }
        }

        foreach (var directory in createdDirectories)
        {
            try
            {
                Directory.Delete(directory, recursive: false);
            }
            catch (IOException)
            {
                // Not empty (something else wrote there) or already gone: leave it.
            }
        }
    }

    private static string SiblingName(string path, string suffix) =>
        Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, $".apply_patch.{Guid.NewGuid():N}.{suffix}");

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray temporary file must not turn success into failure.
        }
    }
}
