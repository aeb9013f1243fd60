using Rapport.Core.Sales;
using Rapport.Server.Jobs;

namespace Rapport.Server.Sales;

/// <summary>What the sales module needs from the host: pipelines and deals, products, quotes (and their PDF), orders,
/// contracts with their attachment options (checked at start) and the contract job.</summary>
internal static class SalesModule
{
    public static IServiceCollection AddSales(this IServiceCollection services, IConfiguration config)
    {
        services.AddScoped<PipelineService>();
        services.AddScoped<OpportunityService>();
        services.AddScoped<ProductService>();
        services.AddScoped<QuoteService>();
        services.AddScoped<OrderService>();
        services.AddScoped<DocumentPdf>();
        services.AddScoped<QuotePdf>();
        services.AddScoped<InvoicePdf>();
        services.AddOptions<ContractOptions>().Bind(config.GetSection("Contracts"))
            .Validate(o => o.MaxAttachmentBytes is > 0 and <= 1024L * 1024 * 1024, "Contracts:MaxAttachmentBytes must be between 1 byte and 1 GiB.")
            .ValidateOnStart();
        services.AddScoped<ContractService>();
        // Catches up at start: owners should not wait another hour for the renewal tasks the downtime held back.
        services.AddRecurringJob<ContractJob>("contract-expiry", JobSchedule.Every(TimeSpan.FromHours(1)),
            "Expires ended contracts and gives owners their renewal tasks.");
        return services;
    }
}
