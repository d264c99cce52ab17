using Codex.Engine.Config;
using Codex.Engine.Model;

namespace Codex.Engine.Instructions;

/// <summary>
/// The messages every conversation starts with (spec §7.6): developer instructions, AGENTS.md
/// instructions and the environment context. Compaction keeps them and replaces the rest.
/// </summary>
internal static class InitialContext
{
    public static IEnumerable<ResponseItem> Items(CodexConfig config)
    {
        if (!string.IsNullOrWhiteSpace(config.DeveloperInstructions))
        {
            yield return MessageItem.Developer(config.DeveloperInstructions);
        }

        if (!string.IsNullOrWhiteSpace(config.UserInstructions))
        {
            yield return MessageItem.User($"<user_instructions>\n\n{config.UserInstructions}\n\n</user_instructions>");
        }

        yield return MessageItem.User(EnvironmentContext.Render(config));
    }

    /// <summary>Whether a user message is one of these context messages rather than something the user typed.</summary>
    public static bool IsContextMessage(MessageItem message) =>
        message.Role != "user"
        || message.Text.StartsWith("<user_instructions>", StringComparison.Ordinal)
        || message.Text.StartsWith("<environment_context>", StringComparison.Ordinal)
        || message.Text.StartsWith(Conversations.ConversationCompactor.SummaryPrefix, StringComparison.Ordinal);
}
