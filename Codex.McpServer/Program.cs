using System.CommandLine;
using Codex.McpServer;

return await ServerCommand.RunAsync(args).ConfigureAwait(false);
