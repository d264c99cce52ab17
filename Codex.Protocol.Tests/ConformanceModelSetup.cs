using Codex.Protocol.Tests.Conformance;
using Codex.Testing;

/// <summary>Starts and stops the assembly's shared scripted model (outside any namespace: assembly-wide).</summary>
[SetUpFixture]
#pragma warning disable CA1050 // NUnit runs a set-up fixture for the whole assembly only outside any namespace.
public sealed class ConformanceModelSetup
#pragma warning restore CA1050
{
    [OneTimeSetUp]
    public async Task StartAsync() =>
        ConformanceModel.Shared = await ScriptedModelServer.StartAsync(ModelScript.ForEachRequest(_ => ScriptedReply.Text(ConformanceModel.Answer)));

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (ConformanceModel.Shared is { } model)
        {
            await model.DisposeAsync();
        }
    }
}
