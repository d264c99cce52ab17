using System.Collections.Concurrent;
using System.IO.Enumeration;
using Codex.Engine.Conversations;

namespace Codex.Engine.Threads;

/// <summary>
/// The conversations saved under <c>CODEX_HOME/sessions</c>, for browsing: a newest-first, paged
/// listing that reads only each listed rollout's first lines (the order comes from the files'
/// times), and each thread's transcript, diff and raw records.
/// </summary>
public sealed class ThreadCatalog(string codexHome)
{
    /// <summary>The page size of <see cref="List"/> when none is given.</summary>
    public const int DefaultPageSize = 100;

    private const int IdLength = 36;
    private const string Suffix = ".jsonl";

    /// <summary>How long one directory scan serves later pages: a client paging through the catalogue scans it once.</summary>
    private static readonly TimeSpan SnapshotLifetime = TimeSpan.FromSeconds(2);

    // A header never changes once the first prompt is in it, so it is read once per file.
    private readonly ConcurrentDictionary<string, ThreadHeader> _headers = new(StringComparer.Ordinal);
    private volatile Snapshot? _snapshot;

    private string Sessions => Path.Combine(codexHome, "sessions");

    /// <summary>One page of threads, newest first (by the time of the last update).</summary>
    /// <param name="cursor">The <see cref="ThreadPage.NextCursor"/> of the previous page, or null for the first.</param>
    /// <param name="pageSize">How many threads per page.</param>
    /// <exception cref="FormatException">The cursor is not one this catalogue made.</exception>
    public ThreadPage List(string? cursor, int pageSize = DefaultPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var after = cursor is null ? (ThreadCursor?)null : ThreadCursor.Parse(cursor);
        var files = Scan();
        var start = 0;
        if (after is { } position)
        {
            while (start < files.Count && !IsAfter(files[start], position))
            {
                start++;
            }
        }

        var threads = new List<SavedThread>(Math.Min(pageSize, files.Count - start));
        var end = Math.Min(files.Count, start + pageSize);
        for (var i = start; i < end; i++)
        {
            if (Describe(files[i]) is { } thread)
            {
                threads.Add(thread);
            }
        }

        var next = end < files.Count ? new ThreadCursor(files[end - 1].Updated.Ticks, files[end - 1].Id).Encode() : null;
        return new ThreadPage(threads, next);
    }

    /// <summary>The newest thread started in <paramref name="cwd"/>, or null when there is none.</summary>
    public SavedThread? FindNewest(string cwd)
    {
        var wanted = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cwd));
        foreach (var file in Enumerate())
        {
            if (Describe(file) is { } thread && string.Equals(Path.TrimEndingDirectorySeparator(thread.Cwd), wanted, StringComparison.Ordinal))
            {
                return thread;
            }
        }

        return null;
    }

    /// <summary>The ids starting with <paramref name="prefix"/>, newest first, at most <paramref name="max"/>; and how many matched.</summary>
    public (IReadOnlyList<string> Ids, int Total) CompleteIds(string prefix, int max)
    {
        var matches = Enumerate().Where(f => f.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(f => f.Id).Distinct(StringComparer.Ordinal).ToList();
        return (matches.Take(max).ToList(), matches.Count);
    }

    /// <summary>The transcript as Markdown: prompts, agent messages, commands with exit codes, patches.</summary>
    /// <exception cref="ThreadNotFoundException">No such thread.</exception>
    public async Task<string> ReadTranscriptAsync(string id, CancellationToken cancellationToken) =>
        ThreadTranscript.Render(await ReadLinesAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>The turn diffs of the thread, oldest first, as one unified diff; empty when no turn changed a file.</summary>
    /// <exception cref="ThreadNotFoundException">No such thread.</exception>
    public async Task<string> ReadDiffAsync(string id, CancellationToken cancellationToken) =>
        ThreadTranscript.Diffs(await ReadLinesAsync(id, cancellationToken).ConfigureAwait(false));

    /// <summary>The rollout's records as JSONL (torn lines left out).</summary>
    /// <exception cref="ThreadNotFoundException">No such thread.</exception>
    public async Task<string> ReadEventsAsync(string id, CancellationToken cancellationToken)
    {
        var lines = await ReadLinesAsync(id, cancellationToken).ConfigureAwait(false);
        return string.Concat(lines.Where(l => ThreadHeader.TryParse(l, out _, out _)).Select(l => l + "\n"));
    }

    /// <summary>Forgets the last directory scan, e.g. when a thread was just created, so the next listing shows it.</summary>
    public void Invalidate() => _snapshot = null;

    /// <summary>Whether a thread with this id is saved.</summary>
    public bool Exists(string id) => PathOf(id) is not null;

    private async Task<List<string>> ReadLinesAsync(string id, CancellationToken cancellationToken)
    {
        var path = PathOf(id) ?? throw new ThreadNotFoundException(id);
        var lines = new List<string>();
        try
        {
            await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
            {
                lines.Add(line);
            }
        }
        catch (FileNotFoundException)
        {
            throw new ThreadNotFoundException(id);
        }

        return lines;
    }

    private string? PathOf(string id) =>
        Guid.TryParse(id, out var guid) ? RolloutReader.Find(codexHome, guid.ToString()) : null;

    private SavedThread? Describe(RolloutFile file)
    {
        if (!_headers.TryGetValue(file.Path, out var header))
        {
            try
            {
                header = ThreadHeader.Read(file.Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                return null;
            }

            if (header is null)
            {
                return null;
            }

            if (header.FirstPrompt is not null)
            {
                _headers[file.Path] = header;
            }
        }

        return new SavedThread(header.Id, Title(header.FirstPrompt), header.Cwd, header.Model, header.StartedAt, new DateTimeOffset(file.Updated, TimeSpan.Zero));
    }

    private static string Title(string? prompt)
    {
        const int MaxLength = 80;
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return string.Empty;
        }

        var line = string.Join(' ', prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1), "…");
    }

    /// <summary>The last scan when it is fresh, else a new one.</summary>
    private List<RolloutFile> Scan()
    {
        var now = Environment.TickCount64;
        if (_snapshot is { } snapshot && now - snapshot.TakenAt < SnapshotLifetime.TotalMilliseconds)
        {
            return snapshot.Files;
        }

        var files = Enumerate();
        _snapshot = new Snapshot(files, now);
        return files;
    }

    /// <summary>Every rollout file with its id and update time (from the directory entry: no extra stat), newest first.</summary>
    private List<RolloutFile> Enumerate()
    {
        if (!Directory.Exists(Sessions))
        {
            return [];
        }

        var files = new FileSystemEnumerable<RolloutFile>(
            Sessions,
            static (ref FileSystemEntry entry) =>
            {
                var name = entry.FileName;
                var id = name.Slice(name.Length - Suffix.Length - IdLength, IdLength).ToString();
                return new RolloutFile(entry.ToFullPath(), id, entry.LastWriteTimeUtc.UtcDateTime);
            },
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) =>
                !entry.IsDirectory
                && entry.FileName.StartsWith("rollout-", StringComparison.Ordinal)
                && entry.FileName.EndsWith(Suffix, StringComparison.Ordinal)
                && entry.FileName.Length > "rollout-".Length + Suffix.Length + IdLength
                && Guid.TryParse(entry.FileName.Slice(entry.FileName.Length - Suffix.Length - IdLength, IdLength), out _),
        }.ToList();
        files.Sort(Newer);
        return files;
    }

    private static int Newer(RolloutFile a, RolloutFile b)
    {
        var byTime = b.Updated.CompareTo(a.Updated);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    private static bool IsAfter(RolloutFile file, ThreadCursor position)
    {
        var ticks = file.Updated.Ticks;
        return ticks < position.UpdatedTicks || (ticks == position.UpdatedTicks && string.CompareOrdinal(file.Id, position.Id) > 0);
    }

    private readonly record struct RolloutFile(string Path, string Id, DateTime Updated);

    private sealed record Snapshot(List<RolloutFile> Files, long TakenAt);
}
