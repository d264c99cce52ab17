using System.Text;

namespace Codex.Engine.Commands;

/// <summary>
/// Shell-quotes argv the way the Rust crate <c>shlex</c> 1.3 does (spec §4.1), so the text we show
/// in approval messages and <c>parsed_cmd</c> matches the original byte for byte.
/// </summary>
public static class ShellQuoting
{
    [Flags]
    private enum Styles : byte
    {
        None = 0,
        Unquoted = 1,
        SingleQuoted = 2,
        DoubleQuoted = 4,
        All = Unquoted | SingleQuoted | DoubleQuoted,
    }

    /// <summary>
    /// Quotes every element and joins them with single spaces. If any element contains NUL
    /// (which no shell word can hold), the elements are joined unquoted instead.
    /// </summary>
    public static string Join(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Any(a => a.Contains('\0', StringComparison.Ordinal)))
        {
            return string.Join(' ', argv);
        }

        return string.Join(' ', argv.Select(Quote));
    }

    /// <summary>Quotes one word (it must not contain NUL).</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length == 0)
        {
            return "''";
        }

        if (word.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("a shell word cannot contain NUL", nameof(word));
        }

        // shlex works on UTF-8 bytes; every byte >= 0x80 is allowed in both quote styles, so a
        // chunk boundary never falls inside a multi-byte character.
        byte[] bytes = Encoding.UTF8.GetBytes(word);
        var output = new List<byte>(bytes.Length + 2);
        int position = 0;
        while (position < bytes.Length)
        {
            (int length, Styles style) = NextChunk(bytes.AsSpan(position));
            if (position == 0 && length == bytes.Length && style == Styles.Unquoted)
            {
                return word;
            }

            AppendChunk(output, bytes.AsSpan(position, length), style);
            position += length;
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static (int Length, Styles Style) NextChunk(ReadOnlySpan<byte> input)
    {
        Styles allowed = Styles.All;
        int index = 0;

        // zsh treats a leading '^' specially; only an opening single quote neutralises it.
        if (input[0] == (byte)'^')
        {
            allowed = Styles.SingleQuoted;
            index = 1;
        }

        while (index < input.Length)
        {
            byte c = input[index];
            Styles current = allowed;
            if (!IsUnquotedSafe(c))
            {
                current &= ~Styles.Unquoted;
            }

            if (!IsSingleQuotedSafe(c))
            {
                current &= ~Styles.SingleQuoted;
            }

            if (!IsDoubleQuotedSafe(c))
            {
                current &= ~Styles.DoubleQuoted;
            }

            if (current == Styles.None)
            {
                break;
            }

            allowed = current;
            index++;
        }

        Styles style = (allowed & Styles.Unquoted) != 0 ? Styles.Unquoted
            : (allowed & Styles.SingleQuoted) != 0 ? Styles.SingleQuoted
            : Styles.DoubleQuoted;
        return (index, style);
    }

    private static void AppendChunk(List<byte> output, ReadOnlySpan<byte> chunk, Styles style)
    {
        switch (style)
        {
            case Styles.Unquoted:
                output.AddRange(chunk);
                break;
            case Styles.SingleQuoted:
                output.Add((byte)'\'');
                output.AddRange(chunk);
                output.Add((byte)'\'');
                break;
            default:
                output.Add((byte)'"');
                foreach (byte c in chunk)
                {
                    if (c is (byte)'$' or (byte)'`' or (byte)'"' or (byte)'\\')
                    {
                        output.Add((byte)'\\');
                    }

                    output.Add(c);
                }

                output.Add((byte)'"');
                break;
        }
    }

    private static bool IsUnquotedSafe(byte c) =>
        c is (byte)'+' or (byte)'-' or (byte)'.' or (byte)'/' or (byte)':' or (byte)'@' or (byte)']' or (byte)'_'
            or >= (byte)'0' and <= (byte)'9'
            or >= (byte)'A' and <= (byte)'Z'
            or >= (byte)'a' and <= (byte)'z';

    // Backslashes are literal in POSIX single quotes but not in fish; '^' only right after the quote.
    private static bool IsSingleQuotedSafe(byte c) => c is not ((byte)'\'' or (byte)'\\' or (byte)'^');

    // '$' and '`' would expand; '!' and '^' trigger interactive history expansion.
    private static bool IsDoubleQuotedSafe(byte c) => c is not ((byte)'$' or (byte)'`' or (byte)'!' or (byte)'^');
}
