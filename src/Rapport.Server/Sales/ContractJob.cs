using Quartz;
using Rapport.Core.Sales;
using Rapport.Core.Settings;

namespace Rapport.Server.Sales;

/// <summary>Once an hour: expire ended contracts and give owners their renewal tasks, worded in the company's
/// document language.</summary>
internal sealed class ContractJob(IServiceProvider services) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunOnceAsync(services, cancellationToken);

    public static async Task<(int Expired, int Reminded)> RunOnceAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var culture = System.Globalization.CultureInfo.GetCultureInfo((await sp.GetRequiredService<SettingsService>().GetAsync<SalesSettings>(ct)).DocumentLanguage);
        var text = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
        string Subject(Contract c)
        {
            var previous = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = culture;
            try { return text["Task.RenewContract", c.Number, c.Title, c.EndDate.ToString("d", culture)].Value; }
            finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
        }
        return await sp.GetRequiredService<ContractService>().RunDailyAsync(Subject, ct);
    }
}
