namespace Dataflow.Installer.Commands;

/// <summary>The batch's results on stdout: one line per environment, then a total.</summary>
internal static class BatchSummary
{
    public static void Write(TextWriter output, IReadOnlyList<BatchEnvironmentOutcome> outcomes, TimeSpan elapsed)
    {
        foreach (var outcome in outcomes)
        {
            var detail = outcome.Status switch
            {
                "ok" => $"ok (+{outcome.Result!.Installed.Count} -{outcome.Result.Removed.Count})",
                "unchanged" => "unchanged",
                _ => "failed: " + outcome.Error,
            };
            output.WriteLine($"{outcome.Environment.Path}: {detail}");
        }
        var ok = outcomes.Count(outcome => outcome.Status == "ok");
        var unchanged = outcomes.Count(outcome => outcome.Status == "unchanged");
        var failed = outcomes.Count(outcome => outcome.Status == "failed");
        output.WriteLine($"{outcomes.Count} environments in {elapsed.TotalSeconds:0.00}s: {ok} ok, {unchanged} unchanged, {failed} failed");
    }
}
