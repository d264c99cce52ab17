namespace Codex.Engine.Config.Toml;

/// <summary>The four date/time types of TOML 1.0.</summary>
public enum TomlDateTimeKind
{
    /// <summary>Date, time and UTC offset: a single instant.</summary>
    OffsetDateTime,

    /// <summary>Date and time without an offset.</summary>
    LocalDateTime,

    /// <summary>A calendar date only.</summary>
    LocalDate,

    /// <summary>A time of day only.</summary>
    LocalTime,
}
