using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Codex.McpServer.Tests.Demo;

/// <summary>
/// <c>bash build/run.sh</c>, the newcomer's first command: with no key and no terminal it completes
/// the sample task (the test passes in the workspace afterwards) and prints the diff and the
/// conversation id; in a pseudo-terminal it asks before each command and patch and obeys y, a, n, q.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed partial class DemoTests
{
    private const string FixedLine = "return sum(numbers) / len(numbers)";
    private const string Prompt = "Approve?";

    [Test]
    public async Task RunScript_NoTerminalNoKey_CompletesTheSampleTask()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var demo = DemoRun.Start(inTerminal: false);

        var exitCode = await demo.WaitForExitAsync(timeout.Token);

        var output = demo.Output;
        var conversationId = ConversationId().Match(output);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("the scripted model"), "it says which model plays");
            Assert.That(output, Does.Contain("approved automatically"));
            Assert.That(output, Does.Contain("+    " + FixedLine), "the workspace diff is printed");
            Assert.That(conversationId.Success, Is.True, "the conversation id is printed");
            Assert.That(output, Does.Contain("\"name\":\"codex-reply\""), "the codex-reply step is printed");
            Assert.That(output, Does.Not.Contain(Prompt), "nothing is asked without a terminal");
        }

        Assert.That(await RunTestsAsync(demo.Workspace), Is.Zero, "the sample project's tests pass after the run");
        Assert.That(Directory.EnumerateFiles(Path.Combine(demo.CodexHome, "sessions"), "*.jsonl", SearchOption.AllDirectories)
            .Any(path => path.Contains(conversationId.Groups[1].Value, StringComparison.Ordinal)), Is.True, "the conversation was saved under the demo's CODEX_HOME");
    }

    [Test]
    public async Task RunScript_InATerminal_AsksAndHonoursSessionApproval()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var demo = DemoRun.Start(inTerminal: true);

        await demo.WaitForAsync(Prompt, 1, timeout.Token);
        Assert.That(demo.Output, Does.Contain("approval run python3 -B -m unittest -v"), "the first question is the test run");
        await demo.TypeAsync('x');
        await demo.TypeAsync('a');
        await demo.WaitForAsync(Prompt, 2, timeout.Token);
        Assert.That(demo.Output, Does.Contain("approval apply this patch"), "the second question is the patch");
        await demo.TypeAsync('y');
        var exitCode = await demo.WaitForExitAsync(timeout.Token);

        var output = demo.Output;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("a → approved for this session"));
            Assert.That(output, Does.Contain("y → approved"));
            Assert.That(demo.Occurrences(Prompt), Is.EqualTo(2), "the second test run is covered by the session approval");
            Assert.That(demo.Occurrences("$ python3 -B -m unittest -v"), Is.EqualTo(2), "the tests ran before and after the fix");
            Assert.That(output, Does.Contain("approvals asked 2"));
        }

        Assert.That(await RunTestsAsync(demo.Workspace), Is.Zero);
    }

    [Test]
    public async Task RunScript_InATerminal_DenyThenAbortLeavesTheCodeUnchanged()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var demo = DemoRun.Start(inTerminal: true);

        await demo.WaitForAsync(Prompt, 1, timeout.Token);
        await demo.TypeAsync('n');
        await demo.WaitForAsync(Prompt, 2, timeout.Token);
        Assert.That(demo.Output, Does.Contain("approval apply this patch"));
        await demo.TypeAsync('q');
        var exitCode = await demo.WaitForExitAsync(timeout.Token);

        var output = demo.Output;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("n → denied"));
            Assert.That(output, Does.Contain("q → aborting the turn"));
            Assert.That(demo.Occurrences("$ python3"), Is.Zero, "a denied command never runs");
            Assert.That(output, Does.Contain("aborted"));
            Assert.That(File.ReadAllText(Path.Combine(demo.Workspace, "calc.py")), Does.Not.Contain(FixedLine), "an aborted patch changes nothing");
        }
    }

    private static async Task<int> RunTestsAsync(string workspace)
    {
        using var python = Process.Start(new ProcessStartInfo("python3", ["-B", "-m", "unittest", "-q"])
        {
            WorkingDirectory = workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        TestContext.Out.WriteLine(stderr);
        return python.ExitCode;
    }

    [GeneratedRegex(@"conversation id ([0-9a-f-]{36})")]
    private static partial Regex ConversationId();
}
