namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// Finds a block of lines in a file with decreasing strictness (spec §8.3): exact, then ignoring
/// trailing whitespace, then ignoring surrounding whitespace, then also folding typographic
/// punctuation. Each pass scans every window before the next, looser, pass is tried.
/// </summary>
internal static class LineSeeker
{
    private delegate bool LineComparer(string fileLine, string patternLine);

    private static readonly LineComparer[] Passes =
    [
        static (a, b) => string.Equals(a, b, StringComparison.Ordinal),
        static (a, b) => a.AsSpan().TrimEnd().SequenceEqual(b.AsSpan().TrimEnd()),
        static (a, b) => a.AsSpan().Trim().SequenceEqual(b.AsSpan().Trim()),
        static (a, b) => NormalisedEquals(a, b),
    ];

    /// <summary>
    /// Returns the index of the first window at or after <paramref name="start"/> that matches
    /// <paramref name="pattern"/>, or -1. With <paramref name="endOfFile"/> only the window that
    /// ends at the last line is tried. An empty pattern matches at <paramref name="start"/>.
    /// </summary>
    public static int Seek(IReadOnlyList<string> lines, IReadOnlyList<string> pattern, int start, bool endOfFile)
    {
        if (pattern.Count == 0)
        {
            return start;
        }

        if (pattern.Count > lines.Count)
        {
            return -1;
        }

        var lastWindow = lines.Count - pattern.Count;
        var firstWindow = endOfFile ? lastWindow : start;
        foreach (var equals in Passes)
        {
            for (var window = firstWindow; window <= lastWindow; window++)
            {
                if (WindowMatches(lines, pattern, window, equals))
                {
                    return window;
                }
            }
        }

        return -1;
    }

    private static bool WindowMatches(IReadOnlyList<string> lines, IReadOnlyList<string> pattern, int window, LineComparer equals)
    {
        for (var i = 0; i < pattern.Count; i++)
        {
            if (!equals(lines[window + i], pattern[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NormalisedEquals(string a, string b)
    {
        var x = a.AsSpan().Trim();
        var y = b.AsSpan().Trim();
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (Normalise(x[i]) != Normalise(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Folds the typographic dashes, quotes and spaces that models emit into ASCII.</summary>
    internal static char Normalise(char c) => c switch
    {
        >= '\u2010' and <= '\u2015' or '\u2212' => '-',
        >= '\u2018' and <= '\u201B' => '\'',
        >= '\u201C' and <= '\u201F' => '"',
        '\u00A0' or (>= '\u2002' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000' => ' ',
        _ => c,
    };
}
