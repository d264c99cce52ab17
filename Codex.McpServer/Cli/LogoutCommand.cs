using System.CommandLine;
using Codex.Engine.Auth;
using Codex.Engine.Config;

namespace Codex.McpServer.Cli;

/// <summary><c>codex-mcp-server logout</c>: revokes the ChatGPT refresh token (as upstream does, best effort) and removes auth.json.</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var logout = new Command("logout", "Sign out: revoke the ChatGPT sign-in and remove CODEX_HOME/auth.json.");
        logout.SetAction(async (_, cancellationToken) =>
        {
            var store = new AuthStore(CodexHome.Resolve());
            try
            {
                AuthDotJson? auth;
                using (await store.LockAsync(cancellationToken).ConfigureAwait(false))
                {
                    auth = SignInStore.TryLoad(store);
                    if (!store.Delete())
                    {
                        Console.WriteLine("Not logged in");
                        return 0;
                    }
                }

                if (auth is { Tokens: { } tokens } && auth.ResolvedMode == AuthModes.ChatGpt)
                {
                    using var oauth = new OAuthClient();
                    await SignInStore.RevokeAsync(oauth, tokens, cancellationToken).ConfigureAwait(false);
                }

                Console.WriteLine("Successfully logged out");
                return 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Error logging out: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return logout;
    }
}
