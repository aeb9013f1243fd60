using Rapport.Core.Customers;
using Rapport.Server.Customers;

namespace Rapport.Components.Tests.Customers;

/// <summary>Sorting by a column header, and the filter that lives in the list's URL.</summary>
public class ListControlsTests : UiContext
{
    [Fact]
    public void A_header_sorts_ascending_first_then_flips_and_says_so_to_screen_readers()
    {
        CustomerFilter? asked = null;
        var byName = new CustomerFilter { Sort = CustomerSort.Name, Descending = false };

        var other = Render<SortHeader>(p => p.Add(h => h.Label, "Number").Add(h => h.Sort, CustomerSort.Number)
            .Add(h => h.Filter, byName).Add(h => h.OnSort, f => asked = f));
        var active = Render<SortHeader>(p => p.Add(h => h.Label, "Name").Add(h => h.Sort, CustomerSort.Name)
            .Add(h => h.Filter, byName).Add(h => h.OnSort, f => asked = f));

        Assert.Equal("none", other.Find("button").GetAttribute("aria-sort"));
        Assert.Equal("ascending", active.Find("button").GetAttribute("aria-sort"));
        other.Find("button").Click();
        Assert.Equal((CustomerSort.Number, false), (asked!.Sort, asked.Descending));
        active.Find("button").Click();
        Assert.Equal((CustomerSort.Name, true), (asked!.Sort, asked.Descending));
    }

    [Fact]
    public void A_filter_survives_the_trip_through_the_url()
    {
        var owner = Guid.NewGuid();
        var filter = new CustomerFilter
        {
            Q = "华为 & co", Tag = "vip", Tier = ValueTier.High, Stage = LifecycleStage.Mature, OwnerId = owner,
            CreatedFrom = new DateTime(2026, 1, 1), CreatedTo = new DateTime(2026, 3, 31), Sort = CustomerSort.Name, Descending = false,
        };

        var query = filter.ToQueryString();

        Assert.Equal(filter, CustomerFilter.Parse(query));
        Assert.Contains("sort=name", query, StringComparison.Ordinal);
        Assert.Contains("createdTo=2026-03-31", query, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_view_has_an_empty_url_and_hand_edited_nonsense_falls_back_to_it()
    {
        Assert.Equal("", new CustomerFilter().ToQueryString());

        var parsed = CustomerFilter.Parse("?sort=-shoeSize&tier=platinum&ownerId=me&createdFrom=yesterday&q=%20");

        Assert.Equal(new CustomerFilter(), parsed);
        Assert.True(parsed.IsEmpty);
    }

    [Fact]
    public void The_to_date_includes_the_whole_day()
    {
        var query = new CustomerFilter { CreatedFrom = new DateTime(2026, 5, 1), CreatedTo = new DateTime(2026, 5, 1) }.ToQuery(null, 50, TimeZoneInfo.Utc);

        Assert.Equal(TimeSpan.FromDays(1), query.CreatedTo - query.CreatedFrom);
    }

    [Fact]
    public void Created_dates_are_whole_days_in_the_readers_time_zone()
    {
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        var query = new CustomerFilter { CreatedFrom = new DateTime(2026, 5, 1), CreatedTo = new DateTime(2026, 5, 1) }.ToQuery(null, 50, shanghai);

        // 1 May in Shanghai runs from 16:00 UTC on 30 April to 16:00 UTC on 1 May.
        Assert.Equal(new DateTime(2026, 4, 30, 16, 0, 0, DateTimeKind.Utc), query.CreatedFrom);
        Assert.Equal(new DateTime(2026, 5, 1, 16, 0, 0, DateTimeKind.Utc), query.CreatedTo);
        Assert.Equal(DateTimeKind.Utc, query.CreatedFrom!.Value.Kind);
    }
}
