using Npgsql;
using Rapport.Core.Data;

namespace Rapport.Core.Tests.Data;

/// <summary>Rapport's defaults for a PostgreSQL connection string (ADR-054) fill in only what the operator left unset.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void A_plain_connection_string_gets_no_reset_on_close_auto_prepare_and_custom_plans()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Database=rapport;Username=app"));

        Assert.True(b.NoResetOnClose);
        Assert.Equal(64, b.MaxAutoPrepare);
        Assert.Equal(2, b.AutoPrepareMinUsages);
        Assert.Equal("-c plan_cache_mode=force_custom_plan", b.Options);
        Assert.Equal(("db", "rapport", "app"), (b.Host, b.Database, b.Username));
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0;Auto Prepare Min Usages=5;Options=-c plan_cache_mode=auto")]
    [InlineData("Host=db;noresetonclose=False;MaxAutoPrepare=0;AutoPrepareMinUsages=5;Options='-c plan_cache_mode=auto'")]
    public void What_the_operator_set_is_kept(string configured)
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured));

        Assert.False(b.NoResetOnClose);
        Assert.Equal(0, b.MaxAutoPrepare);
        Assert.Equal(5, b.AutoPrepareMinUsages);
        Assert.Equal("-c plan_cache_mode=auto", b.Options);
    }

    /// <summary>PostgreSQL reads setting names without regard to case, so an operator's upper-case one is theirs too.</summary>
    [Fact]
    public void A_plan_cache_mode_written_in_capitals_is_the_operators()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Options=-c PLAN_CACHE_MODE=auto"));

        Assert.Equal("-c PLAN_CACHE_MODE=auto", b.Options);
    }

    [Fact]
    public void Other_server_options_stay_beside_the_plan_cache_mode()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Options=-c statement_timeout=5000"));

        Assert.Equal("-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan", b.Options);
    }

    /// <summary>A node opens a few connections per core, not Npgsql's hundred (the 1M soak on two cores collapsed with a
    /// hundred queries at once), and names them, so <c>pg_stat_activity</c> tells the app's sessions from the scheduler's.</summary>
    [Fact]
    public void The_pool_is_bounded_by_the_cores_and_the_scheduler_has_a_small_one_of_its_own()
    {
        var app = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Database=rapport"));
        var scheduler = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresSchedulerConnectionString("Host=db;Database=rapport"));

        // The documented rule (four per core, at least ten); no fixed bound, which a machine with many cores would pass.
        Assert.Equal(Math.Max(10, 4 * Environment.ProcessorCount), app.MaxPoolSize);
        Assert.Equal("rapport", app.ApplicationName);
        Assert.Equal(8, scheduler.MaxPoolSize);
        Assert.Equal("rapport-scheduler", scheduler.ApplicationName);
        // Npgsql keeps one pool per connection string: the two must differ, or the scheduler would wait behind requests.
        Assert.NotEqual(app.ToString(), scheduler.ToString());
    }

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=300;Application Name=crm-eu", 300)]
    [InlineData("Host=db;MaxPoolSize=3;ApplicationName=crm-eu", 3)]
    public void A_pool_size_and_name_the_operator_set_are_kept(string configured, int poolSize)
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured));

        Assert.Equal((poolSize, "crm-eu"), (b.MaxPoolSize, b.ApplicationName));
    }

    /// <summary>Npgsql refuses a pool whose minimum is above its maximum: an operator's minimum raises the default maximum.</summary>
    [Fact]
    public void A_minimum_pool_size_above_the_default_maximum_raises_it()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Minimum Pool Size=500"));

        Assert.Equal((500, 500), (b.MinPoolSize, b.MaxPoolSize));
    }

    /// <summary>A server on this machine is reached without TLS; one elsewhere keeps Npgsql's default (TLS when the
    /// server offers it), and an operator's own choice stands either way (ADR-056).</summary>
    [Theory]
    [InlineData("Host=127.0.0.1", SslMode.Disable)]
    [InlineData("Host=localhost", SslMode.Disable)]
    [InlineData("Host=::1", SslMode.Disable)]
    [InlineData("Host=/var/run/postgresql", SslMode.Disable)]
    [InlineData("Host=127.0.0.1,localhost", SslMode.Disable)]
    [InlineData("Host=db.example.com", SslMode.Prefer)]
    [InlineData("Host=10.0.0.5", SslMode.Prefer)]
    [InlineData("Host=127.0.0.1,db.example.com", SslMode.Prefer)]
    [InlineData("Host=127.0.0.1;SSL Mode=Require", SslMode.Require)]
    [InlineData("Host=localhost;sslmode=VerifyFull", SslMode.VerifyFull)]
    public void A_server_on_this_machine_is_reached_without_tls_unless_the_operator_says_otherwise(string configured, SslMode expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(configured)).SslMode);
    }
}
