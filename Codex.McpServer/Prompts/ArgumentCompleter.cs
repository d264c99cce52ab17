using Codex.Engine.Threads;
using Codex.McpServer.Resources;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Prompts;

/// <summary>
/// <c>completion/complete</c>: thread ids for the thread resource templates, directories for every
/// <c>cwd</c>, paths for <c>explain</c>'s target, and <c>uncommitted</c> or a local branch for
/// <c>review</c>'s target.
/// </summary>
internal sealed class ArgumentCompleter(Func<ThreadCatalog> threads)
{
    /// <summary>The spec's limit on values per answer.</summary>
    private const int MaxValues = 100;

    public CompletionValues Complete(CompleteRequestParams request)
    {
        var value = request.Argument.Value;
        var context = request.Context?.Arguments;
        var cwd = context is not null && context.TryGetValue("cwd", out var given) && !string.IsNullOrWhiteSpace(given) ? given : Directory.GetCurrentDirectory();
        return (request.Ref.Type, request.Ref.Name, request.Argument.Name) switch
        {
            ("ref/resource", _, "id") when request.Ref.Uri?.StartsWith(ThreadUris.Prefix, StringComparison.Ordinal) == true => Ids(value),
            ("ref/prompt", _, "cwd") => Paths(Directory.GetCurrentDirectory(), value, directoriesOnly: true),
            ("ref/prompt", "explain", "target") => Paths(cwd, value, directoriesOnly: false),
            ("ref/prompt", "review", "target") => Values(["uncommitted", .. Branches(cwd)], value),
            _ => new CompletionValues { Values = [], Total = 0, HasMore = false },
        };
    }

    private CompletionValues Ids(string prefix)
    {
        var (ids, total) = threads().CompleteIds(prefix, MaxValues);
        return new CompletionValues { Values = ids, Total = total, HasMore = total > ids.Count };
    }

    private static CompletionValues Values(IEnumerable<string> candidates, string prefix)
    {
        var matches = candidates.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToList();
        return new CompletionValues { Values = [.. matches.Take(MaxValues)], Total = matches.Count, HasMore = matches.Count > MaxValues };
    }

    /// <summary>Entries of the typed path's directory that start with its last part, written the way the user typed the rest.</summary>
    private static CompletionValues Paths(string cwd, string typed, bool directoriesOnly)
    {
        var slash = typed.LastIndexOf('/');
        var typedDirectory = slash >= 0 ? typed[..(slash + 1)] : string.Empty;
        var namePrefix = typed[(slash + 1)..];
        var directory = Path.GetFullPath(typedDirectory.Length == 0 ? cwd : Path.Combine(cwd, typedDirectory));
        if (!Directory.Exists(directory))
        {
            return new CompletionValues { Values = [], Total = 0, HasMore = false };
        }

        IEnumerable<string> entries;
        try
        {
            var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 };
            entries = (directoriesOnly ? Directory.EnumerateDirectories(directory, "*", options) : Directory.EnumerateFileSystemEntries(directory, "*", options))
                .Select(p => (Name: Path.GetFileName(p), IsDirectory: Directory.Exists(p)))
                .Where(e => e.Name.StartsWith(namePrefix, StringComparison.Ordinal) && (namePrefix.StartsWith('.') || !e.Name.StartsWith('.')))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => typedDirectory + e.Name + (e.IsDirectory ? "/" : string.Empty))
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new CompletionValues { Values = [], Total = 0, HasMore = false };
        }

        var all = entries.ToList();
        return new CompletionValues { Values = [.. all.Take(MaxValues)], Total = all.Count, HasMore = all.Count > MaxValues };
    }

    /// <summary>Local branch names from <c>.git/refs/heads</c> (loose refs) and <c>.git/packed-refs</c>; none outside a repository.</summary>
    private static IEnumerable<string> Branches(string cwd)
    {
        var git = Path.Combine(cwd, ".git");
        var branches = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            var heads = Path.Combine(git, "refs", "heads");
            if (Directory.Exists(heads))
            {
                foreach (var file in Directory.EnumerateFiles(heads, "*", SearchOption.AllDirectories))
                {
                    branches.Add(Path.GetRelativePath(heads, file).Replace(Path.DirectorySeparatorChar, '/'));
                }
            }

            var packed = Path.Combine(git, "packed-refs");
            if (File.Exists(packed))
            {
                foreach (var line in File.ReadLines(packed))
                {
                    var at = line.IndexOf(" refs/heads/", StringComparison.Ordinal);
                    if (at > 0)
                    {
                        branches.Add(line[(at + " refs/heads/".Length)..]);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a readable repository: no branches to offer.
        }

        return branches;
    }
}
