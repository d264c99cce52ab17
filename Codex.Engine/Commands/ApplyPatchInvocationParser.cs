using System.Text;

namespace Codex.Engine.Commands;

/// <summary>Recognises apply_patch inside a shell argv (spec §8.6).</summary>
public static class ApplyPatchInvocationParser
{
    /// <summary>The error for a patch passed without naming apply_patch.</summary>
    public const string ImplicitInvocationMessage =
        "patch detected without explicit call to apply_patch. Rerun as [\"apply_patch\", \"<patch>\"]";

    /// <summary>
    /// Classifies <paramref name="argv"/>: <c>["apply_patch"|"applypatch", patch]</c>, or
    /// <c>bash -lc</c> with exactly one heredoc statement <c>apply_patch &lt;&lt;DELIM</c> (optionally
    /// after <c>cd &lt;dir&gt; &amp;&amp;</c>), is an invocation; a bare patch as the only element or as the
    /// script is an error; everything else is an ordinary command.
    /// </summary>
    public static ApplyPatchInvocationResult Parse(IReadOnlyList<string> argv, string cwd)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ArgumentException.ThrowIfNullOrEmpty(cwd);

        if (argv.Count == 2 && IsApplyPatchName(argv[0]))
        {
            return new ApplyPatchInvocation(argv[1], cwd);
        }

        if (argv.Count == 1 && LooksLikePatch(argv[0]))
        {
            return new ApplyPatchInvocationError(ImplicitInvocationMessage);
        }

        string? script = ShellInvocation.TryGetScript(argv);
        if (script is null)
        {
            return NotApplyPatch.Instance;
        }

        if (TryParseHeredoc(script, out string? patch, out string? cdTarget))
        {
            string effectiveCwd = cdTarget is null ? cwd : Path.GetFullPath(Path.Combine(cwd, cdTarget));
            return new ApplyPatchInvocation(patch, effectiveCwd);
        }

        return LooksLikePatch(script) ? new ApplyPatchInvocationError(ImplicitInvocationMessage) : NotApplyPatch.Instance;
    }

    /// <summary>
    /// True when the text has the patch envelope (<c>*** Begin Patch</c> … <c>*** End Patch</c>),
    /// which is how a bare patch is told apart from an ordinary command.
    /// </summary>
    public static bool LooksLikePatch(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        return trimmed.StartsWith("*** Begin Patch", StringComparison.Ordinal)
            && trimmed.EndsWith("*** End Patch", StringComparison.Ordinal);
    }

    /// <summary>
    /// Parses a script that is exactly <c>[cd &lt;word&gt; &amp;&amp;] apply_patch &lt;&lt;DELIM\n…\nDELIM</c>.
    /// The body is returned verbatim (heredoc expansion is not performed: the patch is applied
    /// by us, not by the shell).
    /// </summary>
    internal static bool TryParseHeredoc(
        string script,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? patch,
        out string? cdTarget)
    {
        patch = null;
        cdTarget = null;
        int position = 0;
        SkipWhitespace(script, ref position, includeNewlines: true);

        if (StartsWithWord(script, position, "cd"))
        {
            position += 2;
            if (!SkipWhitespace(script, ref position, includeNewlines: false))
            {
                return false;
            }

            string? target = ReadCdTarget(script, ref position);
            if (target is null)
            {
                return false;
            }

            SkipWhitespace(script, ref position, includeNewlines: false);
            if (!Consume(script, ref position, "&&"))
            {
                return false;
            }

            SkipWhitespace(script, ref position, includeNewlines: true);
            cdTarget = target;
        }

        if (StartsWithWord(script, position, "apply_patch"))
        {
            position += "apply_patch".Length;
        }
        else if (StartsWithWord(script, position, "applypatch"))
        {
            position += "applypatch".Length;
        }
        else
        {
            return false;
        }

        SkipWhitespace(script, ref position, includeNewlines: false);
        if (!Consume(script, ref position, "<<"))
        {
            return false;
        }

        bool stripTabs = Consume(script, ref position, "-");
        SkipWhitespace(script, ref position, includeNewlines: false);
        string? delimiter = ReadDelimiter(script, ref position);
        if (string.IsNullOrEmpty(delimiter))
        {
            return false;
        }

        SkipWhitespace(script, ref position, includeNewlines: false);
        if (!Consume(script, ref position, "\n"))
        {
            return false;
        }

        var body = new StringBuilder();
        while (position < script.Length)
        {
            int newline = script.IndexOf('\n', position);
            int end = newline < 0 ? script.Length : newline;
            string line = script[position..end];
            if (stripTabs)
            {
                line = line.TrimStart('\t');
            }

            position = newline < 0 ? script.Length : newline + 1;
            if (line == delimiter)
            {
                // Nothing but whitespace may follow the terminator: a second statement would run
                // through the shell, so the call would no longer be just apply_patch.
                if (script[position..].Trim().Length != 0)
                {
                    return false;
                }

                patch = body.ToString();
                return true;
            }

            body.Append(line).Append('\n');
        }

        return false;
    }

    private static bool IsApplyPatchName(string name) => name is "apply_patch" or "applypatch";

    private static bool SkipWhitespace(string script, ref int position, bool includeNewlines)
    {
        int start = position;
        while (position < script.Length && (script[position] is ' ' or '\t' || (includeNewlines && script[position] is '\n' or '\r')))
        {
            position++;
        }

        return position > start;
    }

    private static bool Consume(string script, ref int position, string expected)
    {
        if (string.CompareOrdinal(script, position, expected, 0, expected.Length) != 0)
        {
            return false;
        }

        position += expected.Length;
        return true;
    }

    private static bool StartsWithWord(string script, int position, string word)
    {
        if (string.CompareOrdinal(script, position, word, 0, word.Length) != 0)
        {
            return false;
        }

        int after = position + word.Length;
        return after >= script.Length || script[after] is ' ' or '\t' or '<' or '\n';
    }

    private static bool IsPlainWordChar(char c) =>
        !char.IsWhiteSpace(c) && c is not (';' or '&' or '|' or '<' or '>' or '(' or ')' or '$' or '`' or '\\' or '\'' or '"' or '*' or '?' or '[' or '{' or '}' or '#');

    /// <summary>Reads the quoted word at <paramref name="position"/> (its first character is the quote); null when it is never closed.</summary>
    private static string? ReadQuoted(string script, ref int position)
    {
        int close = script.IndexOf(script[position], position + 1);
        if (close < 0)
        {
            return null;
        }

        string inner = script[(position + 1)..close];
        position = close + 1;
        return inner;
    }

    private static string? ReadCdTarget(string script, ref int position)
    {
        if (position >= script.Length)
        {
            return null;
        }

        char first = script[position];
        if (first is '\'' or '"')
        {
            // A double-quoted target with expansions is not a plain path.
            string? inner = ReadQuoted(script, ref position);
            if (inner is null || (first == '"' && inner.IndexOfAny(['$', '`', '\\']) >= 0))
            {
                return null;
            }

            return inner.Length == 0 || (position < script.Length && !char.IsWhiteSpace(script[position]) && script[position] != '&') ? null : inner;
        }

        int start = position;
        while (position < script.Length && IsPlainWordChar(script[position]))
        {
            position++;
        }

        return position == start ? null : script[start..position];
    }

    private static string? ReadDelimiter(string script, ref int position)
    {
        if (position >= script.Length)
        {
            return null;
        }

        char first = script[position];
        if (first is '\'' or '"')
        {
            string? inner = ReadQuoted(script, ref position);
            return inner is null || inner.Contains('\n', StringComparison.Ordinal) ? null : inner;
        }

        var delimiter = new StringBuilder();
        while (position < script.Length && !char.IsWhiteSpace(script[position]) && script[position] is not (';' or '&' or '|' or '<' or '>' or '(' or ')'))
        {
            char c = script[position];
            if (c == '\\' && position + 1 < script.Length)
            {
                // `<<\EOF` quotes the delimiter just like `<<'EOF'`.
                delimiter.Append(script[position + 1]);
                position += 2;
                continue;
            }

            if (c is '\'' or '"' or '$' or '`')
            {
                return null;
            }

            delimiter.Append(c);
            position++;
        }

        return delimiter.ToString();
    }
}
