using System.Text;
using System.Text.Json;
using Codex.Demo;
using Codex.Protocol;
using Codex.Protocol.Client;
using Spectre.Console;

// `bash build/run.sh`: starts the server, gives it the sample task in a fresh workspace, and shows
// the turn. Exit code 0 when the turn completed, 1 when it failed or was aborted, 2 on bad usage.

var options = DemoOptions.Parse(args, out var usageError);
if (options is null)
{
    await Console.Error.WriteLineAsync($"codex-demo: {usageError}\n{DemoOptions.Usage}");
    return 2;
}

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    // A log file or a CI capture: no terminal width to fit, so keep lines (and the JSON below) whole.
    console.Profile.Width = 160;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var askForApprovals = !options.AutoApprove && !Console.IsInputRedirected;
console.Write(new Rule("[bold]Codex for .NET[/] · demo").LeftJustified());
console.MarkupLine($"[grey]server[/]    {Markup.Escape(options.ServerPath)}");

await using var model = await ModelChoice.CreateAsync(options, stop.Token);
console.MarkupLine($"[grey]model[/]     {Markup.Escape(model.Description)}");
if (model.IsScripted)
{
    console.MarkupLine("[yellow]No OPENAI_API_KEY: the scripted model plays a recorded solution of the sample task, so this run needs no key and no network.[/]");
    if (options.Model is not null)
    {
        console.MarkupLine($"[yellow]--model {Markup.Escape(options.Model)} is passed on, but the scripted model answers the same whatever the name.[/]");
    }
}

var workspace = SampleTask.CreateWorkspace();
console.MarkupLine($"[grey]workspace[/] {Markup.Escape(workspace)} [grey]({string.Join(", ", SampleTask.WorkspaceFiles)})[/]");
console.MarkupLine(askForApprovals
    ? "[grey]approvals[/] you approve each command and patch: [bold]y[/] yes, [bold]a[/] yes for this session, [bold]n[/] no, [bold]q[/] abort"
    : "[grey]approvals[/] [yellow]every command and patch is approved automatically[/] " + (options.AutoApprove ? "(--yes)" : "(stdin is not a terminal)"));
console.MarkupLine($"[grey]task[/]      {Markup.Escape(SampleTask.Prompt)}");
console.WriteLine();

var view = new TurnView(console);
var ui = new DemoUi(console, view, askForApprovals);
var serverLog = new List<string>();
CodexMcpClient client;
try
{
    client = await CodexMcpClient.StartAsync(
        new CodexServerProcessOptions { FileName = options.ServerPath, Environment = model.ServerEnvironment },
        new CodexMcpClientOptions
        {
            ClientInfo = new() { Name = "codex-demo", Version = "0.1.0" },
            ApprovalHandler = ui.AskAsync,
            OnStderrLine = line => { lock (serverLog) { serverLog.Add(line); } },
        },
        cancellationToken: stop.Token);
}
catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception or JsonException or TimeoutException)
{
    console.MarkupLine($"[bold red]Could not start the server:[/] {Markup.Escape(ex.Message)}");
    PrintServerLog(console, serverLog);
    return 1;
}

await using (client)
{
    console.MarkupLine($"[grey]connected to {Markup.Escape(client.Server.ServerInfo.Name)} {Markup.Escape(client.Server.ServerInfo.Version)} over stdio[/]");
    var call = client.CodexAsync(
        new CodexToolCallParam
        {
            Prompt = SampleTask.Prompt,
            Cwd = workspace,
            ApprovalPolicy = AskForApproval.Untrusted,
            Sandbox = SandboxMode.WorkspaceWrite,
            Model = options.Model,
            IncludePlanTool = true,
        },
        ui.Post,
        stop.Token);
    _ = call.ContinueWith(_ => ui.Complete(), TaskScheduler.Default);

    CodexCallResult result;
    try
    {
        await ui.RunAsync(stop.Token);
        result = await call;
    }
    catch (OperationCanceledException)
    {
        console.MarkupLine("[red]Interrupted.[/]");
        return 130;
    }
    catch (Exception ex) when (ex is IOException or JsonException or Codex.Protocol.JsonRpc.JsonRpcException)
    {
        console.MarkupLine($"[bold red]The server connection failed:[/] {Markup.Escape(ex.Message)}");
        PrintServerLog(console, serverLog);
        return 1;
    }

    console.WriteLine();
    console.Write(new Rule("[bold]result[/]").LeftJustified());
    var final = view.FinalMessage ?? result.Text;
    console.Write(new Panel(Markup.Escape(final.Length > 0 ? final : "(no final message)")).Header(result.IsError ? "[red]error[/]" : "final message").Expand());

    console.MarkupLine("[bold]workspace diff[/]");
    if (view.LastDiff is { Length: > 0 } diff)
    {
        view.RenderDiff(diff);
    }
    else
    {
        console.MarkupLine("    [grey](no file changed)[/]");
    }

    var conversationId = result.ConversationId;
    console.MarkupLine($"[bold]conversation id[/] [blue]{Markup.Escape(conversationId ?? "(none)")}[/]");
    console.MarkupLine($"[bold]approvals asked[/] {ui.ApprovalsAsked}");
    if (conversationId is not null)
    {
        console.MarkupLine("[bold]continue it[/] with a [blue]codex-reply[/] call on the same server (any MCP client sends this line):");
        // Printed raw, not through the console's wrapping, so it copies as one line.
        Console.Out.WriteLine(ReplyRequest(conversationId, "Also add a test for average() of negative numbers."));
        if (model.IsScripted)
        {
            console.MarkupLine("[grey]The scripted model stops with this demo; it only knows the sample task. With OPENAI_API_KEY set, the same call continues the conversation for real.[/]");
        }
    }

    console.MarkupLine($"[grey]The workspace is kept: cd {Markup.Escape(workspace)} && python3 -B -m unittest -v[/]");
    var failed = result.IsError || view.Failure is not null;
    if (failed)
    {
        PrintServerLog(console, serverLog);
    }

    return failed ? 1 : 0;
}

static string ReplyRequest(string conversationId, string prompt)
{
    var buffer = new MemoryStream();
    using (var writer = new Utf8JsonWriter(buffer))
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", 2);
        writer.WriteString("method", "tools/call");
        writer.WriteStartObject("params");
        writer.WriteString("name", CodexToolCallReplyParam.ToolName);
        writer.WriteStartObject("arguments");
        writer.WriteString("threadId", conversationId);
        writer.WriteString("prompt", prompt);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    return Encoding.UTF8.GetString(buffer.ToArray());
}

static void PrintServerLog(IAnsiConsole console, List<string> log)
{
    lock (log)
    {
        foreach (var line in log.TakeLast(20))
        {
            console.MarkupLine($"[grey]server: {Markup.Escape(line)}[/]");
        }
    }
}
