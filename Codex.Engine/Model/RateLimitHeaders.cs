using Codex.Protocol;
using System.ClientModel.Primitives;
using System.Globalization;

namespace Codex.Engine.Model;

/// <summary>Parses the <c>x-codex-{primary,secondary}-*</c> headers (spec §9.4).</summary>
internal static class RateLimitHeaders
{
    /// <summary>The snapshot, or null when none of the headers is present.</summary>
    public static RateLimitSnapshot? Parse(PipelineResponseHeaders headers)
    {
        var primary = Window(headers, "primary", out var anyPrimary);
        var secondary = Window(headers, "secondary", out var anySecondary);
        return anyPrimary || anySecondary ? new RateLimitSnapshot { Primary = primary, Secondary = secondary } : null;
    }

    private static RateLimitWindow? Window(PipelineResponseHeaders headers, string name, out bool anyHeader)
    {
        var percentText = Header(headers, $"x-codex-{name}-used-percent");
        var minutesText = Header(headers, $"x-codex-{name}-window-minutes");
        var resetText = Header(headers, $"x-codex-{name}-reset-at");
        anyHeader = percentText is not null || minutesText is not null || resetText is not null;

        var hasPercent = double.TryParse(percentText, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent);
        long? minutes = long.TryParse(minutesText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) ? m : null;
        long? resetsAt = long.TryParse(resetText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : null;

        // A window counts only if it says something: a non-zero percentage or window, or a reset time.
        if ((hasPercent && percent != 0) || (minutes is { } w && w != 0) || resetsAt is not null)
        {
            return new RateLimitWindow { UsedPercent = hasPercent ? percent : 0, WindowMinutes = minutes, ResetsAt = resetsAt };
        }

        return null;
    }

    private static string? Header(PipelineResponseHeaders headers, string name) =>
        headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
