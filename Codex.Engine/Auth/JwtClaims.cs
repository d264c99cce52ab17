using System.Buffers.Text;
using System.Text.Json;

namespace Codex.Engine.Auth;

/// <summary>
/// What we read from a ChatGPT JWT's payload: email, plan, user and account ids, the FedRAMP flag and the expiry.
/// </summary>
/// <remarks>
/// The signature is deliberately not verified. These claims only label the account (<c>login status</c>), pick the
/// <c>ChatGPT-Account-ID</c> header when auth.json lacks one, and time the proactive refresh; none of them grants
/// anything. The tokens come from our own 0600 auth.json, and the backend, which does verify them, decides what they
/// allow. Verifying would also need the issuer's keys over the network on every start, as upstream avoids too.
/// </remarks>
public sealed record JwtClaims
{
    private const string AuthClaim = "https://api.openai.com/auth";
    private const string ProfileClaim = "https://api.openai.com/profile";

    /// <summary><c>email</c>, else the profile claim's email.</summary>
    public string? Email { get; init; }

    /// <summary><c>chatgpt_plan_type</c> (e.g. <c>plus</c>, <c>pro</c>, <c>team</c>).</summary>
    public string? PlanType { get; init; }

    /// <summary><c>chatgpt_user_id</c>, else <c>user_id</c>.</summary>
    public string? UserId { get; init; }

    /// <summary><c>chatgpt_account_id</c>.</summary>
    public string? AccountId { get; init; }

    /// <summary><c>chatgpt_account_is_fedramp</c>.</summary>
    public bool IsFedRamp { get; init; }

    /// <summary><c>exp</c>, when present.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The claims of <paramref name="jwt"/>, or null when it is not a three-part JWT with a JSON payload.</summary>
    public static JwtClaims? TryParse(string? jwt)
    {
        if (string.IsNullOrEmpty(jwt))
        {
            return null;
        }

        var parts = jwt.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return null;
        }

        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var auth = root.TryGetProperty(AuthClaim, out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            var profile = root.TryGetProperty(ProfileClaim, out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            return new JwtClaims
            {
                Email = String(root, "email") ?? String(profile, "email"),
                PlanType = String(auth, "chatgpt_plan_type"),
                UserId = String(auth, "chatgpt_user_id") ?? String(auth, "user_id"),
                AccountId = String(auth, "chatgpt_account_id"),
                IsFedRamp = auth.ValueKind == JsonValueKind.Object && auth.TryGetProperty("chatgpt_account_is_fedramp", out var f) && f.ValueKind == JsonValueKind.True,
                ExpiresAt = root.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
