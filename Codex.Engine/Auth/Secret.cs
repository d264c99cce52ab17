using System.Diagnostics;

namespace Codex.Engine.Auth;

/// <summary>
/// A credential that never shows itself: <see cref="ToString"/> and the debugger display are redacted, and
/// the value is reachable only through <see cref="Reveal"/>, which the HTTP authentication policy calls.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Secret
{
    /// <summary>What every redacted occurrence is replaced with.</summary>
    public const string Redacted = "[REDACTED]";

    private readonly string _value;

    /// <summary>Wraps a non-empty credential.</summary>
    public Secret(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A secret must not be empty.", nameof(value));
        }

        _value = value.Trim();
    }

    /// <summary>The raw value, for the one place that must send it.</summary>
    public string Reveal() => _value;

    /// <summary>Replaces every occurrence of the secret in <paramref name="text"/> (e.g. an echoed error body).</summary>
    public string RedactFrom(string text) =>
        text.Contains(_value, StringComparison.Ordinal) ? text.Replace(_value, Redacted, StringComparison.Ordinal) : text;

    /// <inheritdoc/>
    public override string ToString() => Redacted;
}
