using BenchmarkDotNet.Running;

// Runs in-process (no generated project to build, which our central package management and
// warnings-as-errors would break) and with the short job unless told otherwise, so
// `dotnet run -c Release --project Codex.MicroBenchmarks -- --filter '*'` finishes unattended.
var arguments = new List<string>(args);
if (!arguments.Contains("--inProcess") && !arguments.Contains("-i"))
{
    arguments.Add("--inProcess");
}

if (!arguments.Contains("--job") && !arguments.Contains("-j"))
{
    arguments.AddRange(["--job", "short"]);
}

// Reports go beside the binary (under bin/, which git ignores), not into the current directory.
if (!arguments.Contains("--artifacts") && !arguments.Contains("-a"))
{
    arguments.AddRange(["--artifacts", Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts")]);
}

// No --filter means BenchmarkDotNet would ask on the console which benchmark to run; run them all.
if (!arguments.Contains("--filter") && !arguments.Contains("-f") && !arguments.Contains("--list") && !arguments.Contains("--help"))
{
    arguments.AddRange(["--filter", "*"]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. arguments]);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
