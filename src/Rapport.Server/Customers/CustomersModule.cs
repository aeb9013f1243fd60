using Rapport.Core.Customers;
using Rapport.Server.Jobs;

namespace Rapport.Server.Customers;

/// <summary>What the customers module needs from the host: its options (checked at start), services and jobs.</summary>
internal static class CustomersModule
{
    public static IServiceCollection AddCustomers(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<CustomerOptions>().Bind(config.GetSection("Customers"))
            .Validate(o => o.NumberPattern.Contains("{seq", StringComparison.Ordinal), "Customers:NumberPattern needs a {seq} token.")
            .Validate(o => o.DefaultPhoneRegion.Length == 2, "Customers:DefaultPhoneRegion is a two-letter region such as CN.")
            .Validate(o => o.RecycleBinRetentionDays >= 1, "Customers:RecycleBinRetentionDays must be at least 1.")
            .ValidateOnStart();
        services.AddScoped<CustomerService>();
        services.AddScoped<ContactService>();
        services.AddScoped<InteractionService>();
        services.AddScoped<SearchService>();
        // Skipped after downtime: a purge of whole customer graphs; an expired customer may wait for the next run.
        services.AddRecurringJob<RecycleBinPurgeJob>("recycle-bin-purge", JobSchedule.Every(TimeSpan.FromHours(6)),
            "Purges customers whose recycle-bin retention has run out.", MissedRun.Skip);
        return services;
    }
}
