namespace Codex.Engine.Exec;

/// <summary>A case-insensitive wildcard pattern over environment variable names (<c>*</c> and <c>?</c>).</summary>
internal static class EnvironmentNamePattern
{
    /// <summary>True when <paramref name="name"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool IsMatch(string pattern, string name)
    {
        int p = 0;
        int n = 0;
        int starPattern = -1;
        int starName = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(name[n])))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starPattern = p++;
                starName = n;
            }
            else if (starPattern >= 0)
            {
                // Let the last '*' swallow one more character and retry.
                p = starPattern + 1;
                n = ++starName;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
