using Bogus;
using Rapport.Core.Sales;

namespace Rapport.Server.Cli.Demo;

/// <summary>
/// Deals on the default pipeline, owned by the customers' representatives: some in every open stage (a draft quote
/// from the proposal stage on, a sent one in the last open stage), some lost with a reason, and some won by an accepted
/// quote, which makes an order; finance invoices it and records what was paid — in full, in part, not yet (due later)
/// or not at all (overdue).
/// </summary>
internal sealed class DemoDeals : IDemoPart
{
    private enum Billing { Paid, PartlyPaid, Overdue, NotYetDue }

    /// <summary>Where a deal ends up: an open stage, won (and how its invoice stands) or lost.</summary>
    private sealed record Fate(PipelineStageDto? Open = null, Billing? Won = null, bool Lost = false);

    private static readonly (string En, string Zh)[] Names =
    [
        ("Sales team rollout", "销售团队上线项目"), ("Service desk expansion", "客服中心扩容"), ("Field sales tablets", "外勤移动化项目"),
        ("Enterprise edition upgrade", "企业版升级"), ("Renewal and expansion", "续约及扩容"), ("ERP integration", "ERP 集成项目"),
    ];

    private static readonly (string En, string Zh)[] LossReasons =
    [
        ("Price too high", "价格超出预算"), ("Went with a competitor", "选择了竞争对手"), ("Budget frozen", "预算冻结"), ("Project shelved", "项目搁置"),
    ];

    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        var pipeline = (await (await world.AsAsync(world.People.Admin, ct)).Get<PipelineService>().ListAsync(ct)).First(p => p.IsDefault);
        var open = pipeline.Stages.Where(s => s.Kind == StageKind.Open).OrderBy(s => s.Order).ToList();
        var lost = pipeline.Stages.FirstOrDefault(s => s.Kind == StageKind.Lost);
        var fates = Fates(open, lost is not null);
        var candidates = world.Customers.Where(c => c.Company && c.ContactIds.Count > 0).OrderBy(c => c.CreatedAt).ToList();
        if (candidates.Count == 0) return;

        var count = Math.Max(fates.Count, world.Size / 3);
        for (var i = 0; i < count; i++)
        {
            var fate = fates[i % fates.Count];
            var r = world.Random;
            // When the deal started (and, if won, when the quote was accepted).
            var wonAt = fate.Won switch
            {
                Billing.Paid => world.DaysAgo(r.Int(40, 330)),
                Billing.PartlyPaid => world.DaysAgo(r.Int(30, 200)),
                Billing.Overdue => world.DaysAgo(r.Int(45, 150)),
                Billing.NotYetDue => world.DaysAgo(r.Int(5, 15)),
                _ => (DateTime?)null,
            };
            var openIndex = fate.Open is null ? open.Count - 1 : open.IndexOf(fate.Open);
            var start = wonAt?.AddDays(-25) ?? world.DaysAgo(fate.Lost ? r.Int(60, 300) : 8 + 6 * openIndex + r.Int(0, 60));
            var earlier = candidates.Where(c => c.CreatedAt < start.AddDays(-1)).ToList();
            var customer = earlier.Count > 0 ? earlier[i % earlier.Count] : candidates[0];
            await PlayAsync(world, customer, fate, open, lost, start, wonAt, ct);
            world.Forget();
        }
    }

    /// <summary>A repeating pattern that puts deals in every open stage, wins them (billed each way) and loses some.</summary>
    private static List<Fate> Fates(List<PipelineStageDto> open, bool canLose)
    {
        Billing[] bills = [Billing.Paid, Billing.Overdue, Billing.PartlyPaid, Billing.NotYetDue, Billing.Paid];
        var fates = new List<Fate>();
        for (var k = 0; k < Math.Max(open.Count, bills.Length); k++)
        {
            if (k < bills.Length) fates.Add(new Fate(Won: bills[k]));
            if (k < open.Count) fates.Add(new Fate(Open: open[k]));
            if (canLose && k % 2 == 1) fates.Add(new Fate(Lost: true));
        }
        return fates;
    }

    private static async Task PlayAsync(DemoWorld world, DemoCustomer customer, Fate fate, List<PipelineStageDto> open, PipelineStageDto? lost,
        DateTime start, DateTime? wonAt, CancellationToken ct)
    {
        var chinese = customer.Chinese;
        var f = world.In(chinese);
        var currency = chinese ? "CNY" : "USD";
        var rep = await world.AsAsync(customer.OwnerId, ct);
        var deals = rep.Get<OpportunityService>();
        var quotes = rep.Get<QuoteService>();
        var lines = Lines(world, f, chinese);
        var (en, zh) = f.PickRandom(Names);
        var closeOn = wonAt ?? (fate.Lost ? start.AddDays(45) : world.Now.AddDays(f.Random.Int(10, 90)));

        world.At(start);
        var deal = await deals.CreateAsync(new OpportunityInput
        {
            Name = chinese ? zh : en, CustomerId = customer.Id, ContactId = customer.ContactIds[0],
            Amount = Currency.Round(lines.Sum(l => l.Quantity * l.UnitPrice), currency), Currency = currency,
            ExpectedCloseDate = DateOnly.FromDateTime(closeOn),
            Competitors = chinese ? f.PickRandom("销售易", "纷享销客", "Salesforce") : f.PickRandom("Salesforce", "HubSpot", "Zoho"),
            NextStep = chinese ? f.PickRandom("安排产品演示", "确认采购流程", "与财务总监沟通报价") : f.PickRandom("Book a demo", "Confirm the buying process", "Walk the CFO through the quote"),
        }, ct);
        world.Count("opportunities");

        // Through the open stages, the last one reached at most where the deal stays: a draft quote in the
        // second-to-last open stage (the proposal), sent in the last (the negotiation).
        var target = fate.Open is null ? (fate.Lost ? Math.Min(1, open.Count - 1) : open.Count - 1) : open.IndexOf(fate.Open);
        var step = wonAt is null ? f.Random.Int(3, 6) : 20.0 / Math.Max(open.Count, 1);
        QuoteDto? quote = null;
        async Task<QuoteDto> DraftAsync(DateTime at)
        {
            // An open deal's quote is still valid today; a won one was accepted within its validity.
            var validUntil = DateOnly.FromDateTime(wonAt is null ? Later(at.AddDays(30), world.Now.AddDays(20)) : at.AddDays(30));
            world.Count("quotes");
            return await quotes.CreateAsync(deal.Id, new QuoteInput(validUntil,
                chinese ? "报价含一年标准技术支持。合同签订后 30 天内银行转账付款。" : "Includes a year of standard support. Payment by bank transfer within 30 days of signing.",
                lines.Select(l => l.Input).ToList()), ct);
        }
        for (var k = 1; k <= target; k++)
        {
            var at = world.At(start.AddDays(step * k).AddHours(f.Random.Int(0, 6)));
            await deals.MoveAsync(deal.Id, new OpportunityMoveInput(open[k].Id), null, ct);
            if (k == Math.Max(open.Count - 2, 1)) quote = await DraftAsync(at);
            if (k == open.Count - 1 && quote is not null) quote = await quotes.SendAsync(quote.Id, null, ct);
        }

        if (fate.Lost && lost is not null)
        {
            world.At(start.AddDays(f.Random.Int(20, 40)));
            var (reasonEn, reasonZh) = f.PickRandom(LossReasons);
            await deals.MoveAsync(deal.Id, new OpportunityMoveInput(lost.Id, chinese ? reasonZh : reasonEn), null, ct);
            return;
        }
        if (fate.Won is not { } billing) return;

        // A pipeline too short for the proposal stage still wins by a quote.
        quote ??= await DraftAsync(world.At(wonAt!.Value.AddDays(-5)));
        if (quote.Status == QuoteStatus.Draft) quote = await quotes.SendAsync(quote.Id, null, ct);
        world.At(wonAt!.Value);
        var accepted = await quotes.AcceptAsync(quote.Id, new QuoteAcceptInput(CreateOrder: true), null, ct);
        world.Count("orders");
        world.Sales.Add(new DemoSale(customer, deal.Id, accepted.OrderId!.Value, currency, wonAt.Value));
        await BillAsync(world, f, chinese, accepted.OrderId!.Value, billing, wonAt.Value, ct);
    }

    /// <summary>Finance invoices the order the day after it is won, due in 30 days, and records what came in.</summary>
    private static async Task BillAsync(DemoWorld world, Faker f, bool chinese, Guid orderId, Billing billing, DateTime wonAt, CancellationToken ct)
    {
        var orders = (await world.AsAsync(world.People.Finance, ct)).Get<OrderService>();
        var issued = world.At(wonAt.AddDays(1));
        var invoice = await orders.InvoiceAsync(orderId, new InvoiceInput(DueInDays: 30, IssuedOn: DateOnly.FromDateTime(issued)), ct);
        world.Count("invoices");
        var paid = billing switch
        {
            Billing.Paid => invoice.Amount,
            Billing.PartlyPaid => Currency.Round(invoice.Amount * 0.3m, invoice.Currency),
            _ => 0m,
        };
        if (paid == 0) return;
        var paidOn = world.At(issued.AddDays(f.Random.Int(8, 28)));
        await orders.RecordPaymentAsync(invoice.Id, new PaymentInput(paid, DateOnly.FromDateTime(paidOn),
            (chinese ? f.PickRandom(PaymentMethod.BankTransfer, PaymentMethod.Alipay, PaymentMethod.WeChatPay) : f.PickRandom(PaymentMethod.BankTransfer, PaymentMethod.Card)).ToString(), "TX" + f.Random.ReplaceNumbers("########")), null, ct);
        world.Count("payments");
    }

    /// <summary>One to three catalogue lines the customer's currency has a price for (VAT on Chinese quotes).</summary>
    private static List<(QuoteLineInput Input, decimal Quantity, decimal UnitPrice)> Lines(DemoWorld world, Faker f, bool chinese)
    {
        var priced = world.Products.Where(p => chinese || p.Usd is not null).ToList();
        return f.PickRandom(priced, f.Random.Int(1, 3)).Select(p =>
        {
            var quantity = (decimal)f.Random.Int(p.MinQuantity, p.MaxQuantity);
            var discount = f.Random.Bool(0.3f) ? f.PickRandom(5m, 10m) : 0m;
            return (new QuoteLineInput(p.Id, null, quantity, DiscountPercent: discount, TaxRatePercent: chinese ? p.VatPercent : 0m),
                quantity, chinese ? p.Cny : p.Usd!.Value);
        }).ToList();
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;
}
