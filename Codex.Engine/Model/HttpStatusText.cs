using System.Globalization;

namespace Codex.Engine.Model;

/// <summary>Status lines in the original's format, <c>500 Internal Server Error</c>, independent of the reason phrase sent.</summary>
internal static class HttpStatusText
{
    private static readonly Dictionary<int, string> Reasons = new()
    {
        [400] = "Bad Request",
        [401] = "Unauthorized",
        [402] = "Payment Required",
        [403] = "Forbidden",
        [404] = "Not Found",
        [405] = "Method Not Allowed",
        [406] = "Not Acceptable",
        [408] = "Request Timeout",
        [409] = "Conflict",
        [410] = "Gone",
        [413] = "Payload Too Large",
        [415] = "Unsupported Media Type",
        [422] = "Unprocessable Entity",
        [429] = "Too Many Requests",
        [500] = "Internal Server Error",
        [501] = "Not Implemented",
        [502] = "Bad Gateway",
        [503] = "Service Unavailable",
        [504] = "Gateway Timeout",
    };

    /// <summary><c>&lt;code&gt; &lt;reason&gt;</c>, using the server's phrase only for codes we do not know.</summary>
    public static string StatusLine(int status, string? reasonPhrase)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        if (Reasons.TryGetValue(status, out var reason))
        {
            return $"{code} {reason}";
        }

        return string.IsNullOrWhiteSpace(reasonPhrase) ? code : $"{code} {reasonPhrase.Trim()}";
    }
}
