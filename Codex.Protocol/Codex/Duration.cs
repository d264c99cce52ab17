using System.Text.Json.Serialization;
using Codex.Protocol.Serialization;

namespace Codex.Protocol;

/// <summary>
/// A duration as Rust writes it, <c>{"secs": u64, "nanos": u32}</c>, kept to the nanosecond
/// (a <see cref="TimeSpan"/> has 100 ns steps, so it could not round-trip what a server sent).
/// </summary>
/// <param name="Secs">Whole seconds.</param>
/// <param name="Nanos">The rest, in nanoseconds (below one second).</param>
[JsonConverter(typeof(DurationConverter))]
public readonly record struct Duration(ulong Secs, uint Nanos)
{
    private const long NanosPerTick = 100;

    /// <summary>The duration as a <see cref="TimeSpan"/> (rounded down to 100 ns).</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(((long)Secs * TimeSpan.TicksPerSecond) + (Nanos / NanosPerTick));

    /// <summary>A duration from a <see cref="TimeSpan"/>; negative spans become zero.</summary>
    public static Duration FromTimeSpan(TimeSpan value)
    {
        var ticks = Math.Max(0, value.Ticks);
        return new Duration((ulong)(ticks / TimeSpan.TicksPerSecond), (uint)(ticks % TimeSpan.TicksPerSecond * NanosPerTick));
    }

    /// <summary>Converts a <see cref="TimeSpan"/>.</summary>
    public static implicit operator Duration(TimeSpan value) => FromTimeSpan(value);
}
