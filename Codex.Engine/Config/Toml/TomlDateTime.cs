using System.Globalization;
using System.Text;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// A TOML date/time value of any of the four kinds. It keeps what the document said rather than
/// converting on the way in: a local date-time has no instant, and the number of fractional-second
/// digits written is kept so the value can be rendered back with the same precision.
/// Precision beyond 100 ns is truncated, as TOML allows. Equality is by representation, so
/// <c>07:00:00.5</c> and <c>07:00:00.50</c> differ; compare <see cref="Time"/> or
/// <see cref="ToDateTimeOffset"/> for value equality.
/// </summary>
public sealed record TomlDateTime
{
    /// <summary>TOML offsets are two-digit hours, so they can exceed what DateTimeOffset accepts.</summary>
    private static readonly TimeSpan MaxOffset = new(23, 59, 0);

    private static readonly TimeSpan MaxDateTimeOffsetOffset = TimeSpan.FromHours(14);

    private TomlDateTime(TomlDateTimeKind kind, DateOnly? date, TimeOnly? time, TimeSpan? offset, int fractionDigits)
    {
        Kind = kind;
        Date = date;
        Time = time;
        Offset = offset;
        FractionDigits = fractionDigits;
    }

    public TomlDateTimeKind Kind { get; }

    /// <summary>The calendar date; null only for <see cref="TomlDateTimeKind.LocalTime"/>.</summary>
    public DateOnly? Date { get; }

    /// <summary>The time of day; null only for <see cref="TomlDateTimeKind.LocalDate"/>.</summary>
    public TimeOnly? Time { get; }

    /// <summary>The UTC offset; set only for <see cref="TomlDateTimeKind.OffsetDateTime"/>.</summary>
    public TimeSpan? Offset { get; }

    /// <summary>How many fractional-second digits the document wrote (0 when it wrote none).</summary>
    public int FractionDigits { get; }

    public static TomlDateTime FromOffsetDateTime(DateOnly date, TimeOnly time, TimeSpan offset, int fractionDigits = 0)
    {
        if (offset.Ticks % TimeSpan.TicksPerMinute != 0 || offset.Duration() > MaxOffset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "A TOML offset is whole minutes within ±23:59.");
        }

        return new TomlDateTime(TomlDateTimeKind.OffsetDateTime, date, time, offset, CheckFractionDigits(fractionDigits));
    }

    public static TomlDateTime FromLocalDateTime(DateOnly date, TimeOnly time, int fractionDigits = 0) =>
        new(TomlDateTimeKind.LocalDateTime, date, time, null, CheckFractionDigits(fractionDigits));

    public static TomlDateTime FromLocalDate(DateOnly date) =>
        new(TomlDateTimeKind.LocalDate, date, null, null, 0);

    public static TomlDateTime FromLocalTime(TimeOnly time, int fractionDigits = 0) =>
        new(TomlDateTimeKind.LocalTime, null, time, null, CheckFractionDigits(fractionDigits));

    /// <summary>
    /// The instant of an offset date-time. The original offset is kept when DateTimeOffset can hold
    /// it (±14:00); larger TOML offsets come back converted to UTC.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not an offset date-time, or the instant falls outside DateTimeOffset's range.</exception>
    public DateTimeOffset ToDateTimeOffset()
    {
        if (Kind != TomlDateTimeKind.OffsetDateTime || Date is not { } date || Time is not { } time || Offset is not { } offset)
        {
            throw new InvalidOperationException($"A TOML {Describe(Kind)} has no offset, so it is not an instant.");
        }

        long clockTicks = date.ToDateTime(time).Ticks;
        long utcTicks = clockTicks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw new InvalidOperationException($"The instant {this} is outside the range of DateTimeOffset.");
        }

        return offset.Duration() <= MaxDateTimeOffsetOffset
            ? new DateTimeOffset(clockTicks, offset)
            : new DateTimeOffset(utcTicks, TimeSpan.Zero);
    }

    /// <summary>The date and wall-clock time of a (local or offset) date-time, with <see cref="DateTimeKind.Unspecified"/>.</summary>
    /// <exception cref="InvalidOperationException">The value has no date or no time.</exception>
    public DateTime ToDateTime()
    {
        if (Date is not { } date || Time is not { } time)
        {
            throw new InvalidOperationException($"A TOML {Describe(Kind)} is not a date-time.");
        }

        return date.ToDateTime(time, DateTimeKind.Unspecified);
    }

    /// <summary>RFC 3339 text: 'T' between date and time, 'Z' for a zero offset, fraction digits as written.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(40);
        if (Date is { } date)
        {
            text.Append(date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture));
        }

        if (Time is { } time)
        {
            if (Date is not null)
            {
                text.Append('T');
            }

            text.Append(time.ToString("HH':'mm':'ss", CultureInfo.InvariantCulture));
            if (FractionDigits > 0)
            {
                // Ticks hold seven digits; anything written beyond that was truncated and reads as zeros.
                string ticks = (time.Ticks % TimeSpan.TicksPerSecond).ToString("D7", CultureInfo.InvariantCulture);
                text.Append('.').Append(FractionDigits <= 7 ? ticks[..FractionDigits] : ticks.PadRight(FractionDigits, '0'));
            }
        }

        if (Offset is { } offset)
        {
            if (offset == TimeSpan.Zero)
            {
                text.Append('Z');
            }
            else
            {
                text.Append(offset < TimeSpan.Zero ? '-' : '+')
                    .Append(offset.Duration().ToString("hh':'mm", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static int CheckFractionDigits(int fractionDigits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fractionDigits);
        return fractionDigits;
    }

    private static string Describe(TomlDateTimeKind kind) => kind switch
    {
        TomlDateTimeKind.OffsetDateTime => "offset date-time",
        TomlDateTimeKind.LocalDateTime => "local date-time",
        TomlDateTimeKind.LocalDate => "local date",
        _ => "local time",
    };
}
