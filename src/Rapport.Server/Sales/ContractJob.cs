using Rapport.Core.Sales;
using Rapport.Core.Settings;
using Rapport.Server.Jobs;

namespace Rapport.Server.Sales;

/// <summary>Once an hour: expire ended contracts and give owners their renewal tasks, worded in the company's
/// document language.</summary>
internal sealed class ContractJob(ContractService contracts, SettingsService settings, IStringLocalizer<SharedResource> text)
    : ScopedJob<ContractJob, (int Expired, int Reminded)>
{
    protected override async Task<(int Expired, int Reminded)> RunAsync(CancellationToken ct)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo((await settings.GetAsync<SalesSettings>(ct)).DocumentLanguage);
        string Subject(Contract c)
        {
            var previous = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = culture;
            try { return text["Task.RenewContract", c.Number, c.Title, c.EndDate.ToString("d", culture)].Value; }
            finally { System.Globalization.CultureInfo.CurrentUICulture = previous; }
        }
        return await contracts.RunDailyAsync(Subject, ct);
    }
}
