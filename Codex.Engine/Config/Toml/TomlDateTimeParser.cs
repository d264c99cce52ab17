namespace Codex.Engine.Config.Toml;

/// <summary>
/// Turns the text of a date/time value (RFC 3339 as profiled by TOML 1.0) into a
/// <see cref="TomlDateTime"/>, validating every field, including the length of February.
/// </summary>
internal static class TomlDateTimeParser
{
    /// <summary>
    /// Whether a value's text should be read as a date/time rather than a number: its first
    /// non-digit is ':' (a time) or '-' (a date). Exponents such as 1e-5 start with a digit then 'e'.
    /// </summary>
    public static bool LooksLikeDateTime(string text, int start, int end) =>
        char.IsAsciiDigit(text[start]) && FirstNonDigit(text, start, end) is ':' or '-';

    /// <summary>Whether the text is exactly <c>YYYY-MM-DD</c>, which may be followed by a space and a time.</summary>
    public static bool IsFullDate(string text, int start, int end) =>
        end - start == 10
        && char.IsAsciiDigit(text[start]) && char.IsAsciiDigit(text[start + 1])
        && char.IsAsciiDigit(text[start + 2]) && char.IsAsciiDigit(text[start + 3])
        && text[start + 4] == '-'
        && char.IsAsciiDigit(text[start + 5]) && char.IsAsciiDigit(text[start + 6])
        && text[start + 7] == '-'
        && char.IsAsciiDigit(text[start + 8]) && char.IsAsciiDigit(text[start + 9]);

    public static TomlToken Parse(TomlSource source, int start, int end)
    {
        var cursor = new Cursor(source, start, end);
        if (FirstNonDigit(source.Text, start, end) == ':')
        {
            (TimeOnly localTime, int localDigits) = ReadTime(ref cursor);
            cursor.RequireEnd("after a local time");
            return new TomlToken(TomlTokenKind.DateTime, start, TomlDateTime.FromLocalTime(localTime, localDigits));
        }

        DateOnly date = ReadDate(ref cursor);
        if (cursor.AtEnd)
        {
            return new TomlToken(TomlTokenKind.DateTime, start, TomlDateTime.FromLocalDate(date));
        }

        if (cursor.Current is not ('T' or 't' or ' '))
        {
            throw cursor.Error($"expected 'T' or a space between the date and the time, found {cursor.Describe()}");
        }

        cursor.Advance();
        if (cursor.AtEnd)
        {
            throw cursor.Error("expected a time after the date-time separator");
        }

        (TimeOnly time, int fractionDigits) = ReadTime(ref cursor);
        if (cursor.AtEnd)
        {
            return new TomlToken(TomlTokenKind.DateTime, start, TomlDateTime.FromLocalDateTime(date, time, fractionDigits));
        }

        TimeSpan offset = ReadOffset(ref cursor);
        cursor.RequireEnd("after the offset");
        return new TomlToken(TomlTokenKind.DateTime, start, TomlDateTime.FromOffsetDateTime(date, time, offset, fractionDigits));
    }

    private static char FirstNonDigit(string text, int start, int end)
    {
        int i = start;
        while (i < end && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i < end ? text[i] : '\0';
    }

    private static DateOnly ReadDate(ref Cursor cursor)
    {
        int yearStart = cursor.Position;
        int year = cursor.ReadDigits(4, "a four-digit year");
        cursor.Expect('-', "after the year");
        int month = cursor.ReadDigits(2, "a two-digit month");
        cursor.Expect('-', "after the month");
        int day = cursor.ReadDigits(2, "a two-digit day");
        if (year == 0)
        {
            throw cursor.ErrorAt(yearStart, "year 0000 is not supported");
        }

        if (month is < 1 or > 12)
        {
            throw cursor.ErrorAt(yearStart + 5, $"month {month:D2} is out of range 01-12");
        }

        int daysInMonth = DateTime.DaysInMonth(year, month);
        if (day < 1 || day > daysInMonth)
        {
            throw cursor.ErrorAt(yearStart + 8, $"day {day:D2} is out of range 01-{daysInMonth:D2} for {year:D4}-{month:D2}");
        }

        return new DateOnly(year, month, day);
    }

    private static (TimeOnly Time, int FractionDigits) ReadTime(ref Cursor cursor)
    {
        int timeStart = cursor.Position;
        int hour = cursor.ReadDigits(2, "a two-digit hour");
        cursor.Expect(':', "after the hour");
        int minute = cursor.ReadDigits(2, "a two-digit minute");
        cursor.Expect(':', "after the minute (seconds are required in TOML 1.0)");
        int second = cursor.ReadDigits(2, "two-digit seconds");
        if (hour > 23)
        {
            throw cursor.ErrorAt(timeStart, $"hour {hour:D2} is out of range 00-23");
        }

        if (minute > 59)
        {
            throw cursor.ErrorAt(timeStart + 3, $"minute {minute:D2} is out of range 00-59");
        }

        if (second > 59)
        {
            throw cursor.ErrorAt(timeStart + 6, $"second {second:D2} is out of range 00-59 (leap seconds are not supported)");
        }

        long ticks = new TimeSpan(hour, minute, second).Ticks;
        int fractionDigits = 0;
        if (!cursor.AtEnd && cursor.Current == '.')
        {
            cursor.Advance();
            long fractionTicks = 0;
            while (!cursor.AtEnd && char.IsAsciiDigit(cursor.Current))
            {
                // Seven digits fill a tick (100 ns); finer digits are truncated, as TOML permits.
                if (fractionDigits < 7)
                {
                    fractionTicks = (fractionTicks * 10) + (cursor.Current - '0');
                }

                fractionDigits++;
                cursor.Advance();
            }

            if (fractionDigits == 0)
            {
                throw cursor.Error("expected digits after the decimal point in the seconds");
            }

            for (int pad = fractionDigits; pad < 7; pad++)
            {
                fractionTicks *= 10;
            }

            ticks += fractionTicks;
        }

        return (new TimeOnly(ticks), fractionDigits);
    }

    private static TimeSpan ReadOffset(ref Cursor cursor)
    {
        if (cursor.Current is 'Z' or 'z')
        {
            cursor.Advance();
            return TimeSpan.Zero;
        }

        if (cursor.Current is not ('+' or '-'))
        {
            throw cursor.Error($"expected 'Z' or a +HH:MM/-HH:MM offset after the time, found {cursor.Describe()}");
        }

        bool negative = cursor.Current == '-';
        cursor.Advance();
        int offsetStart = cursor.Position;
        int hours = cursor.ReadDigits(2, "a two-digit offset hour");
        cursor.Expect(':', "in the offset");
        int minutes = cursor.ReadDigits(2, "two-digit offset minutes");
        if (hours > 23)
        {
            throw cursor.ErrorAt(offsetStart, $"offset hour {hours:D2} is out of range 00-23");
        }

        if (minutes > 59)
        {
            throw cursor.ErrorAt(offsetStart + 3, $"offset minute {minutes:D2} is out of range 00-59");
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return negative ? -offset : offset;
    }

    /// <summary>A position within one value's text, with error helpers.</summary>
    private struct Cursor(TomlSource source, int position, int end)
    {
        public int Position { get; private set; } = position;

        public readonly bool AtEnd => Position >= end;

        public readonly char Current => source.Text[Position];

        public void Advance() => Position++;

        public int ReadDigits(int count, string what)
        {
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                if (AtEnd || !char.IsAsciiDigit(Current))
                {
                    throw Error($"expected {what}, found {Describe()}");
                }

                value = (value * 10) + (Current - '0');
                Advance();
            }

            return value;
        }

        public void Expect(char expected, string where)
        {
            if (AtEnd || Current != expected)
            {
                throw Error($"expected '{expected}' {where}, found {Describe()}");
            }

            Advance();
        }

        public readonly void RequireEnd(string where)
        {
            if (!AtEnd)
            {
                throw Error($"unexpected {Describe()} {where}");
            }
        }

        public readonly string Describe() => AtEnd ? "the end of the value" : source.Describe(Position);

        public readonly TomlException Error(string reason) => source.Error(Position, reason);

        public readonly TomlException ErrorAt(int offset, string reason) => source.Error(offset, reason);
    }
}
