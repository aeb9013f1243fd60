namespace Rapport.Server.Tests.Operations;

/// <summary><c>rapport help</c> as an operator reads it: each verb starts a line of its own.</summary>
public sealed class CliUsageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Help_lists_every_verb_on_a_line_of_its_own()
    {
        var (exit, output) = await RapportCli.RunAsync(app, "help");

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        foreach (var verb in new[] { "migrate", "import FILE", "import --resume", "backup [--to DIR]", "backup verify", "restore FILE", "upgrade", "rollback" })
            Assert.Contains(lines, l => l.TrimStart().StartsWith("rapport " + verb, StringComparison.Ordinal) || l.TrimStart().StartsWith("Usage: rapport " + verb, StringComparison.Ordinal));
        // The import's usage once ran into the backup's: "… interrupted import       rapport backup".
        Assert.DoesNotContain(lines, l => l.IndexOf("rapport ", StringComparison.Ordinal) != l.LastIndexOf("rapport ", StringComparison.Ordinal));
    }
}
