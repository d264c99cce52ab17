using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Codex.Engine.Threads;

/// <summary>
/// Where a page of the catalogue ends: the last thread's update time and id. The next page starts
/// after that position in the newest-first order, so threads that change between pages move
/// instead of shifting every later page by one.
/// </summary>
internal readonly record struct ThreadCursor(long UpdatedTicks, string Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{UpdatedTicks.ToString(CultureInfo.InvariantCulture)}:{Id}"));

    /// <exception cref="FormatException">Not a cursor this catalogue made.</exception>
    public static ThreadCursor Parse(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                return new ThreadCursor(ticks, text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below with the cursor itself.
        }

        throw new FormatException($"`{cursor}` is not a cursor from an earlier resources/list answer.");
    }
}
