using Rapport.Core.Sales;
using Rapport.Server.Sales;

namespace Rapport.Components.Tests.Sales;

/// <summary>Accepting a quote asks first and says what it will do: an order with the quote's lines for its total,
/// and the deal won at that amount (or, when it is won already, only its amount).</summary>
public class QuoteAcceptConfirmTests : UiContext
{
    private static QuoteDto Quote(int lines) => new(Guid.NewGuid(), "Q-2026-00007", 1, Guid.NewGuid(), Guid.NewGuid(), "Acme Ltd", "CNY", QuoteStatus.Sent,
        null, null, 2054.13m, 267.04m, 2321.17m, new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc), null, null,
        Enumerable.Range(1, lines).Select(i => new QuoteLineDto(i, null, "Item " + i, null, 1, 1, 0, 13, 1, 0.13m)).ToList(),
        new DateTime(2026, 11, 19, 8, 0, 0, DateTimeKind.Utc), 3);

    [Fact]
    public void It_names_the_order_it_creates_and_the_deal_it_wins_and_accepts_only_when_confirmed()
    {
        var accepted = 0;
        var cut = Render<QuoteAcceptConfirm>(p => p.Add(c => c.Quote, Quote(3)).Add(c => c.DealName, "Acme rollout").Add(c => c.DealWon, false)
            .Add(c => c.OnAccept, () => accepted++));

        Assert.Contains("Accept quote Q-2026-00007?", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("This creates an order with 3 lines for CNY 2,321.17.", cut.Find("[data-testid=accept-order]").TextContent.Trim());
        Assert.Equal("The deal \"Acme rollout\" takes the amount CNY 2,321.17 and is marked won.", cut.Find("[data-testid=accept-deal]").TextContent.Trim());
        Assert.Equal(0, accepted);

        cut.Find("[data-testid=confirm-accept]").Click();
        Assert.Equal(1, accepted);
    }

    [Fact]
    public void For_a_deal_won_already_it_says_only_the_amount_changes_and_cancel_accepts_nothing()
    {
        var (accepted, cancelled) = (0, 0);
        var cut = Render<QuoteAcceptConfirm>(p => p.Add(c => c.Quote, Quote(1)).Add(c => c.DealName, "Acme rollout").Add(c => c.DealWon, true)
            .Add(c => c.OnAccept, () => accepted++).Add(c => c.OnCancel, () => cancelled++));

        Assert.Equal("This creates an order with 1 line for CNY 2,321.17.", cut.Find("[data-testid=accept-order]").TextContent.Trim());
        Assert.Equal("The deal \"Acme rollout\" is won already; its amount becomes CNY 2,321.17.", cut.Find("[data-testid=accept-deal]").TextContent.Trim());

        cut.Find("[data-testid=cancel-accept]").Click();
        Assert.Equal((0, 1), (accepted, cancelled));
    }
}

public class QuoteAcceptConfirmInChineseTests() : UiContext("zh-CN")
{
    [Fact]
    public void It_speaks_chinese()
    {
        var quote = new QuoteDto(Guid.NewGuid(), "Q-2026-00008", 1, Guid.NewGuid(), Guid.NewGuid(), "星辰科技", "CNY", QuoteStatus.Sent, null, null, 100m, 0m, 100m,
            null, null, null, [new QuoteLineDto(1, null, "服务", null, 1, 100m, 0, 0, 100m, 0m), new QuoteLineDto(2, null, "安装", null, 1, 0m, 0, 0, 0m, 0m)],
            new DateTime(2026, 11, 19, 8, 0, 0, DateTimeKind.Utc), 1);
        var cut = Render<QuoteAcceptConfirm>(p => p.Add(c => c.Quote, quote).Add(c => c.DealName, "星辰项目"));

        Assert.Equal("将创建一个订单，共 2 行，金额 CNY 100.00。", cut.Find("[data-testid=accept-order]").TextContent.Trim());
        Assert.Equal("商机“星辰项目”的金额改为 CNY 100.00，并标记为赢单。", cut.Find("[data-testid=accept-deal]").TextContent.Trim());
    }
}
