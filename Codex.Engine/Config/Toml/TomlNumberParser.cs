using System.Globalization;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// Turns the text of a number value into a long or a double, enforcing TOML's spelling rules:
/// underscores only between digits, no leading zeros, no sign on 0x/0o/0b, digits on both sides
/// of a decimal point, and 64-bit range.
/// </summary>
internal static class TomlNumberParser
{
    public static TomlToken Parse(TomlSource source, int start, int end)
    {
        string text = source.Text;
        int i = start;
        bool signed = text[i] is '+' or '-';
        bool negative = text[i] == '-';
        if (signed)
        {
            i++;
        }

        ReadOnlySpan<char> unsigned = text.AsSpan(i, end - i);
        if (unsigned is "inf")
        {
            return new TomlToken(TomlTokenKind.Float, start, negative ? double.NegativeInfinity : double.PositiveInfinity);
        }

        if (unsigned is "nan")
        {
            return new TomlToken(TomlTokenKind.Float, start, double.NaN);
        }

        if (i < end && text[i] == '.')
        {
            throw source.Error(i, "a float needs at least one digit before the decimal point");
        }

        if (i >= end || !char.IsAsciiDigit(text[i]))
        {
            throw source.Error(start, $"invalid value '{text[start..end]}': expected a string, number, boolean, date/time, array or inline table");
        }

        if (text[i] == '0' && i + 1 < end && text[i + 1] is 'x' or 'o' or 'b')
        {
            if (signed)
            {
                throw source.Error(start, "a sign is not allowed on hexadecimal, octal or binary integers");
            }

            return ParseRadixInteger(source, start, end);
        }

        int integerStart = i;
        SkipDigits(source, ref i, end, 10);
        if (text[integerStart] == '0' && i - integerStart > 1)
        {
            throw source.Error(integerStart, "leading zeros are not allowed in a decimal number");
        }

        bool isFloat = false;
        if (i < end && text[i] == '.')
        {
            isFloat = true;
            i++;
            RequireDigit(source, i, end, "a decimal point must be followed by a digit");
            SkipDigits(source, ref i, end, 10);
        }

        if (i < end && text[i] is 'e' or 'E')
        {
            isFloat = true;
            i++;
            if (i < end && text[i] is '+' or '-')
            {
                i++;
            }

            RequireDigit(source, i, end, "an exponent needs at least one digit");
            SkipDigits(source, ref i, end, 10);
        }

        if (i < end)
        {
            throw source.Error(i, $"unexpected {source.Describe(i)} in number '{text[start..end]}'");
        }

        string digits = text[start..end].Replace("_", string.Empty, StringComparison.Ordinal);
        if (!isFloat)
        {
            return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)
                ? new TomlToken(TomlTokenKind.Integer, start, integer)
                : throw source.Error(start, $"integer {text[start..end]} does not fit in 64 bits");
        }

        double number = double.Parse(digits, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number)
            ? new TomlToken(TomlTokenKind.Float, start, number)
            : throw source.Error(start, $"float {text[start..end]} is too large for a 64-bit float; write inf if that is meant");
    }

    private static TomlToken ParseRadixInteger(TomlSource source, int start, int end)
    {
        string text = source.Text;
        int radix = text[start + 1] switch
        {
            'x' => 16,
            'o' => 8,
            _ => 2,
        };
        int i = start + 2;
        RequireDigit(source, i, end, radix, $"'{text.AsSpan(start, 2)}' must be followed by a digit");
        long value = 0;
        for (; i < end; i++)
        {
            char c = text[i];
            if (c == '_')
            {
                RequireUnderscoreBetweenDigits(source, i, end, radix);
                continue;
            }

            int digit = DigitValue(c, radix);
            if (digit < 0)
            {
                throw source.Error(i, $"unexpected {source.Describe(i)} in base-{radix} integer");
            }

            if (value > (long.MaxValue - digit) / radix)
            {
                throw source.Error(start, $"integer {text[start..end]} does not fit in 64 bits");
            }

            value = (value * radix) + digit;
        }

        return new TomlToken(TomlTokenKind.Integer, start, value);
    }

    /// <summary>Advances over digits and single underscores between digits; the first character is known to be a digit.</summary>
    private static void SkipDigits(TomlSource source, ref int i, int end, int radix)
    {
        string text = source.Text;
        while (i < end)
        {
            if (text[i] == '_')
            {
                RequireUnderscoreBetweenDigits(source, i, end, radix);
            }
            else if (DigitValue(text[i], radix) < 0)
            {
                return;
            }

            i++;
        }
    }

    private static void RequireUnderscoreBetweenDigits(TomlSource source, int i, int end, int radix)
    {
        string text = source.Text;
        bool before = i > 0 && DigitValue(text[i - 1], radix) >= 0;
        bool after = i + 1 < end && DigitValue(text[i + 1], radix) >= 0;
        if (!before || !after)
        {
            throw source.Error(i, "an underscore in a number must sit between two digits");
        }
    }

    private static void RequireDigit(TomlSource source, int i, int end, string reason) =>
        RequireDigit(source, i, end, 10, reason);

    private static void RequireDigit(TomlSource source, int i, int end, int radix, string reason)
    {
        if (i >= end || DigitValue(source.Text[i], radix) < 0)
        {
            throw source.Error(i, reason);
        }
    }

    private static int DigitValue(char c, int radix)
    {
        int value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value < radix ? value : -1;
    }
}
