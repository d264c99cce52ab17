using Codex.TestMcpServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Failure modes the tests need: a server that dies at once, and one that never answers.
if (args.Contains("--exit-at-start"))
{
    await Console.Error.WriteLineAsync("test MCP server: exiting at start as asked");
    return 3;
}

Markers.Write($"pid-{Environment.ProcessId}", string.Join(' ', args));
if (args.Contains("--hang-at-start"))
{
    await Task.Delay(Timeout.Infinite);
}

if (args.Contains("--http"))
{
    var web = WebApplication.CreateSlimBuilder();
    web.Logging.ClearProviders();
    web.WebHost.UseUrls("http://127.0.0.1:0");
    web.Services.AddMcpServer().WithHttpTransport().WithTools<TestTools>().WithResources<TestResources>();
    var app = web.Build();
    app.MapMcp("/mcp");
    await app.StartAsync();

    // The tests read the bound address from the first line of stdout.
    var address = app.Urls.First();
    Console.Out.WriteLine($"url={address}/mcp");
    Console.Out.Flush();
    await app.WaitForShutdownAsync();
    return 0;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddMcpServer().WithStdioServerTransport().WithTools<TestTools>().WithResources<TestResources>();
await builder.Build().RunAsync();
return 0;
