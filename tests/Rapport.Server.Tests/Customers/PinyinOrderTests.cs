namespace Rapport.Server.Tests.Customers;

/// <summary>Chinese names sort the way a Chinese reader looks for them — by pinyin — on both databases, page after page.</summary>
public abstract class PinyinOrderTests(RapportApp app)
{
    // Pinyin: An Na, Chen Chen, Yang Weicheng, Zhang San; code point order would be 安 5B89, 张 5F20, 杨 6768, 陈 9648.
    private static readonly string[] Expected = ["安娜", "陈晨", "杨伟诚", "张三"];

    [Fact]
    public async Task Customers_sorted_by_name_come_in_pinyin_order_across_pages()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        foreach (var name in new[] { "张三", "杨伟诚", "安娜", "陈晨" }) await admin.CreateAsync(CustomerSamples.Valid(name, tag));

        var names = new List<string>();
        string? cursor = null;
        do
        {
            var page = await admin.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&sort=name&limit=3" + (cursor is null ? "" : "&cursor=" + cursor));
            names.AddRange(page.Items.Select(i => i.Name));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Expected, names);
    }

    [Fact]
    public async Task Descending_name_order_is_the_same_order_reversed()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        foreach (var name in new[] { "陈晨", "安娜", "张三", "杨伟诚" }) await admin.CreateAsync(CustomerSamples.Valid(name, tag));

        var page = await admin.GetPageAsync<CustomerListItem>($"{CustomersUrl}?tag={tag}&sort=-name&limit=10");

        Assert.Equal(Expected.Reverse(), page.Items.Select(i => i.Name));
    }
}

public sealed class PinyinOrderOnSqlite(SqliteApp app) : PinyinOrderTests(app), IClassFixture<SqliteApp>;

public sealed class PinyinOrderOnPostgres(PostgresApp app) : PinyinOrderTests(app), IClassFixture<PostgresApp>;
