using System.Text;

namespace Codex.Engine.Commands;

/// <summary>
/// Recognises "plain" shell scripts (spec §5.3): simple commands made only of literal words and
/// quoted strings, joined by <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, newlines or <c>|</c>. Anything the shell
/// could expand or redirect (variables, substitutions, redirections, subshells, background jobs,
/// control flow, comments, assignments, brace expansion, backslash escapes) makes the script
/// not plain, because then the words we see are not the words the shell would run.
/// </summary>
public static class ShellScriptParser
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
        "do", "done", "function", "time", "coproc", "in", "{", "}", "[[", "]]", "!",
    };

    /// <summary>
    /// Splits <paramref name="script"/> into its simple commands, or returns null if it is not plain.
    /// </summary>
    /// <param name="script">The script text, as given to <c>bash -lc</c>.</param>
    /// <param name="allowGlobs">
    /// Whether unquoted <c>*</c>, <c>?</c> and <c>[</c> are accepted. Safety checks must not allow
    /// them (a glob can expand into any argument, <c>-delete</c> included); UI summaries may.
    /// </param>
    public static IReadOnlyList<PlainCommand>? TryParsePlainCommands(string script, bool allowGlobs = false)
    {
        ArgumentNullException.ThrowIfNull(script);
        var commands = new List<PlainCommand>();
        var words = new List<string>();
        ShellConnector pending = ShellConnector.None;
        int position = 0;

        while (true)
        {
            SkipBlanks(script, ref position);
            if (position >= script.Length)
            {
                break;
            }

            char c = script[position];
            ShellConnector? connector = null;
            if (c is '\n' or ';')
            {
                if (c == ';' && position + 1 < script.Length && script[position + 1] == ';')
                {
                    return null;
                }

                position++;
                if (words.Count == 0)
                {
                    // Blank lines are fine; a ';' with no command before it is a syntax error, and so
                    // is a newline right after '&&'/'||'/'|' only if nothing follows (checked at the end).
                    if (c == ';')
                    {
                        return null;
                    }

                    continue;
                }

                connector = ShellConnector.Sequence;
            }
            else if (c == '&')
            {
                if (position + 1 >= script.Length || script[position + 1] != '&')
                {
                    return null;
                }

                position += 2;
                connector = ShellConnector.And;
            }
            else if (c == '|')
            {
                if (position + 1 < script.Length && script[position + 1] == '|')
                {
                    position += 2;
                    connector = ShellConnector.Or;
                }
                else if (position + 1 < script.Length && script[position + 1] == '&')
                {
                    return null;
                }
                else
                {
                    position++;
                    connector = ShellConnector.Pipe;
                }
            }
            else if (c is '<' or '>' or '(' or ')' or '#')
            {
                return null;
            }

            if (connector is { } op)
            {
                if (words.Count == 0)
                {
                    return null;
                }

                if (!AddCommand(commands, words, pending))
                {
                    return null;
                }

                words = [];
                pending = op;
                continue;
            }

            string? word = ReadWord(script, ref position, allowGlobs);
            if (word is null)
            {
                return null;
            }

            words.Add(word);
        }

        if (words.Count == 0)
        {
            // A trailing '&&', '||' or '|' (or an empty script) is not a complete command list.
            return pending is ShellConnector.None or ShellConnector.Sequence && commands.Count > 0 ? commands : null;
        }

        return AddCommand(commands, words, pending) ? commands : null;
    }

    private static bool AddCommand(List<PlainCommand> commands, List<string> words, ShellConnector connector)
    {
        string name = words[0];
        if (ReservedWords.Contains(name) || IsAssignment(name))
        {
            return false;
        }

        commands.Add(new PlainCommand(words.ToArray(), connector));
        return true;
    }

    private static bool IsAssignment(string word)
    {
        int equals = word.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || !(char.IsAsciiLetter(word[0]) || word[0] == '_'))
        {
            return false;
        }

        for (int i = 1; i < equals; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(word[i]) || word[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static void SkipBlanks(string script, ref int position)
    {
        while (position < script.Length && script[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static bool IsWordEnd(char c) => c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')';

    private static string? ReadWord(string script, ref int position, bool allowGlobs)
    {
        var word = new StringBuilder();
        while (position < script.Length && !IsWordEnd(script[position]))
        {
            char c = script[position];
            switch (c)
            {
                case '\'':
                {
                    int close = script.IndexOf('\'', position + 1);
                    if (close < 0)
                    {
                        return null;
                    }

                    word.Append(script, position + 1, close - position - 1);
                    position = close + 1;
                    break;
                }

                case '"':
                    if (!ReadDoubleQuoted(script, ref position, word))
                    {
                        return null;
                    }

                    break;
                case '$' or '`' or '\\' or '{' or '}' or '\r':
                    return null;
                case '*' or '?' or '[' when !allowGlobs:
                    return null;
                default:
                    word.Append(c);
                    position++;
                    break;
            }
        }

        return word.ToString();
    }

    private static bool ReadDoubleQuoted(string script, ref int position, StringBuilder word)
    {
        int i = position + 1;
        while (i < script.Length)
        {
            char c = script[i];
            if (c == '"')
            {
                position = i + 1;
                return true;
            }

            if (c is '$' or '`')
            {
                return false;
            }

            if (c == '\\' && i + 1 < script.Length)
            {
                char next = script[i + 1];
                if (next is '"' or '\\' or '$' or '`')
                {
                    word.Append(next);
                    i += 2;
                    continue;
                }

                if (next == '\n')
                {
                    return false;
                }
            }

            word.Append(c);
            i++;
        }

        return false;
    }
}
