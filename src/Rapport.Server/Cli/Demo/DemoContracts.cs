using Rapport.Core.Sales;
using Rapport.Server.Sales;

namespace Rapport.Server.Cli.Demo;

/// <summary>Contracts, kept by the customers' representatives: one per won deal (active from the day it was won), an
/// older one that has ended and one that is due for renewal, and a draft for next week. The daily contract job then
/// runs, as it would overnight: the ended contract expires and the renewal becomes a task on its owner's list.</summary>
internal sealed class DemoContracts : IDemoPart
{
    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        foreach (var sale in world.Sales)
        {
            var chinese = sale.Customer.Chinese;
            var order = await (await world.AsAsync(sale.Customer.OwnerId, ct)).Get<OrderService>().GetAsync(sale.OrderId, ct);
            var start = DateOnly.FromDateTime(sale.WonAt);
            await SignAsync(world, sale.Customer, sale.WonAt.AddDays(2), new ContractInput(sale.Customer.Id,
                chinese ? "CRM 订阅及实施合同" : "Subscription and implementation agreement", order.Total, sale.Currency,
                start, start.AddYears(1).AddDays(-1), sale.OpportunityId, RenewalNoticeDays: 60), activate: true, ct);
        }

        // Older agreements brought in from before the CRM: one ended last month, one ends within its notice period.
        var companies = world.Customers.Where(c => c.Company).OrderBy(c => c.CreatedAt).ToList();
        if (companies.Count == 0) return;
        var today = world.Today;
        var ended = companies[0];
        await SignAsync(world, ended, ended.CreatedAt.AddDays(1), new ContractInput(ended.Id,
            ended.Chinese ? "年度软件服务合同" : "Annual software service agreement", ended.Chinese ? 48_000m : 9_600m, ended.Chinese ? "CNY" : "USD",
            today.AddDays(-395), today.AddDays(-31)), activate: true, ct);
        var renewing = companies[Math.Min(1, companies.Count - 1)];
        await SignAsync(world, renewing, renewing.CreatedAt.AddDays(1), new ContractInput(renewing.Id,
            renewing.Chinese ? "年度技术支持合同" : "Annual premium support agreement", renewing.Chinese ? 20_000m : 3_000m, renewing.Chinese ? "CNY" : "USD",
            today.AddDays(-340), today.AddDays(25), RenewalNoticeDays: 30), activate: true, ct);
        var next = companies[^1];
        await SignAsync(world, next, world.Now.AddHours(-2), new ContractInput(next.Id,
            next.Chinese ? "CRM 订阅合同（待签）" : "CRM subscription agreement (for signature)", next.Chinese ? 36_000m : 5_200m, next.Chinese ? "CNY" : "USD",
            today.AddDays(7), today.AddDays(371)), activate: false, ct);

        await ContractJob.RunOnceAsync(world.App, ct);
    }

    private static async Task SignAsync(DemoWorld world, DemoCustomer customer, DateTime at, ContractInput input, bool activate, CancellationToken ct)
    {
        var contracts = (await world.AsAsync(customer.OwnerId, ct)).Get<ContractService>();
        world.At(at);
        var contract = await contracts.CreateAsync(input, ct);
        if (activate) await contracts.ActivateAsync(contract.Id, null, ct);
        world.Count("contracts");
        world.Forget();
    }
}
