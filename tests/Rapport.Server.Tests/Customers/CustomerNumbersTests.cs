using Npgsql;

namespace Rapport.Server.Tests.Customers;

/// <summary>On PostgreSQL a customer create takes its number in a statement of its own, so the counter's row is not
/// locked for the rest of its transaction and creates do not wait in line behind each other (ADR-055).</summary>
public sealed class CustomerNumbersOnPostgres(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_create_does_not_wait_for_another_create_that_has_taken_its_number_and_is_still_writing()
    {
        var client = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();

        // A second session blocks every insert of a customer tag, so the first create stops mid-transaction, after
        // its number, until that session ends.
        await using var blocker = new NpgsqlConnection(app.PostgresConnectionString);
        await blocker.OpenAsync(Ct);
        await using var hold = await blocker.BeginTransactionAsync(Ct);
        await using (var lockTags = new NpgsqlCommand("""LOCK TABLE "CustomerTags" IN SHARE MODE""", blocker, hold))
            await lockTags.ExecuteNonQueryAsync(Ct);
        var first = client.CreateAsync(CustomerSamples.Valid(tag: tag));
        await WaitUntilBlockedOnTagsAsync(first);

        // Without tags, the second create touches nothing the first one holds but the number counter.
        var second = await client.CreateAsync(CustomerSamples.Valid()).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        await hold.RollbackAsync(Ct);
        var firstDone = await first.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.NotEqual(firstDone.Number, second.Number);
        Assert.Equal([tag], firstDone.Tags);
    }

    private async Task WaitUntilBlockedOnTagsAsync(Task pending)
    {
        await using var watcher = new NpgsqlConnection(app.PostgresConnectionString);
        await watcher.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT COUNT(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"CustomerTags"%'
            """, watcher);
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((long)(await cmd.ExecuteScalarAsync(Ct))! == 0)
        {
            Assert.False(pending.IsCompleted, "the first create finished although customer tags could not be inserted");
            Assert.True(DateTime.UtcNow < until, "the first create never reached its tags");
            await Task.Delay(50, Ct);
        }
    }
}
