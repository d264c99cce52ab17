using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Codex.Engine.Auth;
using Duende.IdentityModel.Client;

namespace Codex.McpServer.Cli;

/// <summary>
/// <c>login</c>'s browser flow, as upstream runs it: PKCE, a callback server on 127.0.0.1 (port 1455, else the
/// registered fallback 1457), the authorize URL printed to stderr and handed to a browser, a <c>state</c> check on
/// the callback, the code exchanged for tokens (plus an API key by token exchange, when the issuer grants one), the
/// tokens saved to auth.json, and a redirect to <c>/success</c>, whose page ends the login.
/// </summary>
internal sealed class BrowserLogin
{
    public const int DefaultPort = 1455;
    private const int FallbackPort = 1457;
    private const string Scope = "openid profile email offline_access";
    private const string SuccessPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Signed in to Codex</title></head>
        <body style="font-family: system-ui, sans-serif; margin: 4em auto; max-width: 32em;">
        <h1>Signed in to Codex</h1>
        <p>You can close this page and return to your terminal. codex-mcp-server now uses your ChatGPT plan.</p>
        </body></html>
        """;

    private readonly string _issuer;
    private readonly string _clientId;
    private readonly AuthStore _store;
    private readonly OAuthClient _oauth;
    private readonly LoginRestrictions _restrictions;

    public BrowserLogin(string issuer, string clientId, AuthStore store, OAuthClient oauth, LoginRestrictions restrictions)
    {
        _restrictions = restrictions;
        _issuer = issuer.TrimEnd('/');
        _clientId = clientId;
        _store = store;
        _oauth = oauth;
    }

    public async Task<int> RunAsync(int port, CancellationToken cancellationToken)
    {
        using var listener = await BindAsync(port, cancellationToken).ConfigureAwait(false);
        var actualPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        var pkce = Pkce.Create();
        var state = Duende.IdentityModel.CryptoRandom.CreateUniqueId(32, Duende.IdentityModel.CryptoRandom.OutputFormat.Base64Url);
        var redirectUri = $"http://localhost:{actualPort}/auth/callback";
        var authorizeUrl = new RequestUrl(_issuer + "/oauth/authorize").CreateAuthorizeUrl(
            clientId: _clientId,
            responseType: "code",
            scope: Scope,
            redirectUri: redirectUri,
            state: state,
            codeChallenge: pkce.Challenge,
            codeChallengeMethod: "S256",
            extra: AuthorizeExtras());

        await Console.Error.WriteLineAsync(
            $"Starting local login server on http://localhost:{actualPort}.\nIf your browser did not open, navigate to this URL to authenticate:\n\n{authorizeUrl}\n").ConfigureAwait(false);
        TryOpenBrowser(authorizeUrl);

        while (true)
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            var outcome = await HandleAsync(client, state, pkce, redirectUri, actualPort, cancellationToken).ConfigureAwait(false);
            if (outcome is { } exitCode)
            {
                return exitCode;
            }
        }
    }

    private async Task<int?> HandleAsync(TcpClient client, string state, Pkce pkce, string redirectUri, int port, CancellationToken cancellationToken)
    {
        var stream = client.GetStream();
        var target = await ReadRequestTargetAsync(stream, cancellationToken).ConfigureAwait(false);
        if (target is null || !Uri.TryCreate("http://localhost" + target, UriKind.Absolute, out var url))
        {
            await RespondAsync(stream, 400, "Bad Request", "text/plain", "Bad Request", cancellationToken).ConfigureAwait(false);
            return null;
        }

        var query = ParseQuery(url.Query);
        switch (url.AbsolutePath)
        {
            case "/auth/callback":
                if (!string.Equals(query.GetValueOrDefault("state"), state, StringComparison.Ordinal))
                {
                    await RespondAsync(stream, 400, "Bad Request", "text/plain", "State mismatch", cancellationToken).ConfigureAwait(false);
                    return null;
                }

                if (query.GetValueOrDefault("error") is { Length: > 0 } error)
                {
                    var message = query.GetValueOrDefault("error_description") is { Length: > 0 } description ? $"Sign-in failed: {description}" : $"Sign-in failed: {error}";
                    return await FailAsync(stream, message, cancellationToken).ConfigureAwait(false);
                }

                if (query.GetValueOrDefault("code") is not { Length: > 0 } code)
                {
                    return await FailAsync(stream, "Missing authorization code. Sign-in could not be completed.", cancellationToken).ConfigureAwait(false);
                }

                TokenSet tokens;
                try
                {
                    tokens = await _oauth.ExchangeCodeAsync(OAuthEndpoints.TokenUrl(_issuer), _clientId, code, redirectUri, pkce.Verifier, cancellationToken).ConfigureAwait(false);

                    // Upstream checks the workspace right after the exchange: a refused account saves nothing.
                    if (_restrictions.RefuseSignIn(tokens.IdToken) is { } refused)
                    {
                        return await FailAsync(stream, refused, cancellationToken).ConfigureAwait(false);
                    }

                    var apiKey = await _oauth.ObtainApiKeyAsync(OAuthEndpoints.TokenUrl(_issuer), _clientId, tokens.IdToken!, cancellationToken).ConfigureAwait(false);
                    await SignInStore.SaveChatGptAsync(_store, _oauth, tokens, apiKey, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ChatGptAuthException or IOException or UnauthorizedAccessException or HttpRequestException)
                {
                    return await FailAsync(stream, ex.Message, cancellationToken).ConfigureAwait(false);
                }

                // Upstream also passes the id token in this URL for its page's script; ours needs no token, so none is put in a URL.
                var claims = JwtClaims.TryParse(tokens.AccessToken);
                var success = $"http://localhost:{port}/success?plan_type={Uri.EscapeDataString(claims?.PlanType ?? string.Empty)}";
                await RespondAsync(stream, 302, "Found", "text/plain", string.Empty, cancellationToken, location: success).ConfigureAwait(false);
                return null;

            case "/success":
                await RespondAsync(stream, 200, "OK", "text/html; charset=utf-8", SuccessPage, cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync("Successfully logged in").ConfigureAwait(false);
                return 0;

            case "/cancel":
                await RespondAsync(stream, 200, "OK", "text/plain", "Login cancelled", cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync("Login cancelled").ConfigureAwait(false);
                return 1;

            default:
                await RespondAsync(stream, 404, "Not Found", "text/plain", "Not Found", cancellationToken).ConfigureAwait(false);
                return null;
        }
    }

    /// <summary>Upstream's extra authorize parameters; <c>allowed_workspace_id</c> (ids joined by commas) only under a workspace policy.</summary>
    private Parameters AuthorizeExtras()
    {
        var extras = new Parameters
        {
            { "id_token_add_organizations", "true" },
            { "codex_cli_simplified_flow", "true" },
            { "originator", Originator() },
        };
        if (_restrictions.WorkspaceIds is { } workspaces)
        {
            extras.Add("allowed_workspace_id", string.Join(',', workspaces));
        }

        return extras;
    }

    private static async Task<int?> FailAsync(NetworkStream stream, string message, CancellationToken cancellationToken)
    {
        var page = $"<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign-in could not be completed</title></head><body><h1>Sign-in could not be completed</h1><p>{WebUtility.HtmlEncode(message)}</p><p>Return to your terminal to retry.</p></body></html>";
        await RespondAsync(stream, 200, "OK", "text/html; charset=utf-8", page, cancellationToken).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"Error logging in: {message}").ConfigureAwait(false);
        return 1;
    }

    private static async Task<TcpListener> BindAsync(int port, CancellationToken cancellationToken)
    {
        var candidates = port == DefaultPort ? new[] { DefaultPort, FallbackPort } : [port];
        foreach (var candidate in candidates)
        {
            for (var attempt = 0; attempt < 10; attempt++)
            {
                var listener = new TcpListener(IPAddress.Loopback, candidate);
                try
                {
                    listener.Start();
                    return listener;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    listener.Dispose();

                    // Most likely an earlier login still waiting: ask it to stop, as upstream does, then retry.
                    if (attempt == 0 && candidate != 0)
                    {
                        await CancelPreviousAsync(candidate).ConfigureAwait(false);
                    }

                    await Task.Delay(200, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        throw new IOException($"Port 127.0.0.1:{candidates[^1]} is already in use.");
    }

    private static async Task CancelPreviousAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            var request = Encoding.ASCII.GetBytes($"GET /cancel HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
            await client.GetStream().WriteAsync(request, timeout.Token).ConfigureAwait(false);
            _ = await client.GetStream().ReadAsync(new byte[64], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            // Whatever holds the port is not ours to stop; the bind retries decide.
        }
    }

    /// <summary>The request target of <c>GET &lt;target&gt; HTTP/1.1</c>, after reading the whole header block.</summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(buffer, 0, length);
        var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
        var parts = (lineEnd >= 0 ? text[..lineEnd] : text).Split(' ');
        return parts.Length == 3 && parts[0] == "GET" && parts[1].StartsWith('/') ? parts[1] : null;
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string reason, string contentType, string body, CancellationToken cancellationToken, string? location = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("Content-Length: ").Append(bytes.Length).Append("\r\n")
            .Append("Connection: close\r\n");
        if (location is not null)
        {
            head.Append("Location: ").Append(location).Append("\r\n");
        }

        head.Append("\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The browser went away; the outcome of the login does not depend on it reading this page.
        }
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((equals >= 0 ? pair[..equals] : pair).Replace('+', ' '));
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' ')) : string.Empty;
            result.TryAdd(key, value);
        }

        return result;
    }

    private static string Originator() =>
        Environment.GetEnvironmentVariable("CODEX_INTERNAL_ORIGINATOR_OVERRIDE") is { Length: > 0 } o ? o : Codex.Engine.Model.ModelRequest.DefaultOriginator;

    /// <summary>Hands the URL to <c>$BROWSER</c> if set, else <c>xdg-open</c>; without either the printed URL is the way.</summary>
    private static void TryOpenBrowser(string url)
    {
        var browser = Environment.GetEnvironmentVariable("BROWSER") is { Length: > 0 } b ? b.Split(':')[0] : "xdg-open";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(browser)
            {
                ArgumentList = { url },
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            // No browser here (a server, a container): the URL printed above is enough.
        }
    }
}
