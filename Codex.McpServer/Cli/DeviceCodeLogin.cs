using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Codex.Engine.Auth;

namespace Codex.McpServer.Cli;

/// <summary>
/// <c>login --device-auth</c>: the issuer's device-code flow, as upstream runs it. It is not RFC 8628, so it is
/// written here: a user code from <c>/api/accounts/deviceauth/usercode</c>, a prompt with <c>/codex/device</c>,
/// polling <c>/api/accounts/deviceauth/token</c> (403/404 mean "not yet") for up to 15 minutes, then a standard PKCE
/// code exchange (Duende) with the verifier the issuer returns.
/// </summary>
internal sealed class DeviceCodeLogin
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    private readonly string _issuer;
    private readonly string _clientId;
    private readonly AuthStore _store;
    private readonly OAuthClient _oauth;
    private readonly LoginRestrictions _restrictions;

    public DeviceCodeLogin(string issuer, string clientId, AuthStore store, OAuthClient oauth, LoginRestrictions restrictions)
    {
        _restrictions = restrictions;
        _issuer = issuer.TrimEnd('/');
        _clientId = clientId;
        _store = store;
        _oauth = oauth;
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = _issuer + "/api/accounts";

        using var codeResponse = await PostJsonAsync(http, api + "/deviceauth/usercode", w => w.WriteString("client_id", _clientId), cancellationToken).ConfigureAwait(false);
        if (codeResponse.StatusCode == HttpStatusCode.NotFound)
        {
            await Console.Error.WriteLineAsync("Error logging in with device code: device code login is not enabled for this Codex server. Use the browser login or verify the server URL.").ConfigureAwait(false);
            return 1;
        }

        if (!codeResponse.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"Error logging in with device code: device code request failed with status {(int)codeResponse.StatusCode}").ConfigureAwait(false);
            return 1;
        }

        string deviceAuthId, userCode;
        TimeSpan interval;
        using (var document = JsonDocument.Parse(await codeResponse.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)))
        {
            var root = document.RootElement;
            deviceAuthId = Text(root, "device_auth_id") ?? throw new IOException("the device code answer has no device_auth_id");
            userCode = Text(root, "user_code") ?? Text(root, "usercode") ?? throw new IOException("the device code answer has no user_code");
            interval = TimeSpan.FromSeconds(Math.Max(0.25, Seconds(root, "interval")));
        }

        await Console.Out.WriteLineAsync(
            $"\nFollow these steps to sign in with ChatGPT using device code authorization:\n\n1. Open this link in your browser and sign in to your account\n   {_issuer}/codex/device\n\n2. Enter this one-time code (expires in 15 minutes)\n   {userCode}\n\nDevice codes are a common phishing target. Never share this code.\n").ConfigureAwait(false);

        var started = DateTimeOffset.UtcNow;
        while (true)
        {
            using var poll = await PostJsonAsync(http, api + "/deviceauth/token", w =>
            {
                w.WriteString("device_auth_id", deviceAuthId);
                w.WriteString("user_code", userCode);
            }, cancellationToken).ConfigureAwait(false);

            if (poll.IsSuccessStatusCode)
            {
                string code, verifier;
                using (var document = JsonDocument.Parse(await poll.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)))
                {
                    code = Text(document.RootElement, "authorization_code") ?? throw new IOException("the device token answer has no authorization_code");
                    verifier = Text(document.RootElement, "code_verifier") ?? throw new IOException("the device token answer has no code_verifier");
                }

                var tokens = await _oauth.ExchangeCodeAsync(OAuthEndpoints.TokenUrl(_issuer), _clientId, code, _issuer + "/deviceauth/callback", verifier, cancellationToken).ConfigureAwait(false);
                if (_restrictions.RefuseSignIn(tokens.IdToken) is { } refused)
                {
                    await Console.Error.WriteLineAsync($"Error logging in with device code: {refused}").ConfigureAwait(false);
                    return 1;
                }

                await SignInStore.SaveChatGptAsync(_store, _oauth, tokens, apiKey: null, cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync("Successfully logged in").ConfigureAwait(false);
                return 0;
            }

            if (poll.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
            {
                await Console.Error.WriteLineAsync($"Error logging in with device code: device auth failed with status {(int)poll.StatusCode}").ConfigureAwait(false);
                return 1;
            }

            var elapsed = DateTimeOffset.UtcNow - started;
            if (elapsed >= MaxWait)
            {
                await Console.Error.WriteLineAsync("Error logging in with device code: device auth timed out after 15 minutes").ConfigureAwait(false);
                return 1;
            }

            await Task.Delay(interval < MaxWait - elapsed ? interval : MaxWait - elapsed, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string url, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Upstream's issuer sends the interval as a string ("5"); a number is taken too. Polls are at least 250 ms apart.
    private static double Seconds(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? 0
        : value.ValueKind == JsonValueKind.Number ? Math.Max(0, value.GetDouble())
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString()?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? Math.Max(0, parsed)
        : throw new IOException($"the device code answer's {name} is not a number of seconds");
}
