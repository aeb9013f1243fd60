using Microsoft.EntityFrameworkCore;
using Rapport.Core.Customers;
using Rapport.Core.Privacy;
using Rapport.Core.Tests.Infrastructure;

namespace Rapport.Core.Tests.Customers;

/// <summary>The export's rows (read as one text per customer, ADR-052) hold what the customer page shows, field by
/// field, against a real (in-memory) SQLite database.</summary>
public sealed class CustomerExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CustomerInput Full = new()
    {
        Name = "上海 \"Acme\", Ltd",
        Kind = CustomerKind.Individual,
        Phones = ["13800138000", "+1 415 555 0100"],
        Emails = ["b@example.com", "a@example.com"],
        Ims = ["wechat:acme"],
        Addresses = [new AddressDto("中国", "上海", Street: "世纪大道 1 号"), new AddressDto("US", "Boston")],
        Industry = "制造",
        Source = "Referral",
        Tier = ValueTier.High,
        Stage = LifecycleStage.Mature,
        Tags = ["zeta", "Alpha", "中文"],
        Notes = "line one\nline two; with, commas",
        NationalId = "110101199003074514",
        BankAccount = "6222021234567890123",
        DateOfBirth = "1990-03-07",
    };

    [Fact]
    public async Task Each_exported_field_holds_the_customers_value_and_a_missing_one_is_empty()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var full = await service.CreateAsync(Full, false, Ct);
        var bare = await service.CreateAsync(new CustomerInput { Name = "Bare", Emails = ["bare@example.com"], Addresses = [new AddressDto("US", "Boston")] }, false, Ct);

        var rows = await service.ExportAsync(new CustomerQuery(), reveal: true, sensitive: true, Ct).ToListAsync(Ct);

        Assert.Equal([bare.Number, full.Number], rows.Select(r => r.Number));
        var (b, f) = (rows[0], rows[1]);
        Assert.Equal((Full.Name, CustomerKind.Individual, "制造", "Referral", ValueTier.High, LifecycleStage.Mature, Full.Notes, full.CreatedAt),
            (f.Name, f.Kind, f.Industry, f.Source, f.Tier, f.Stage, f.Notes, f.CreatedAt));
        // The channels in the customer page's order; the first address; the tags sorted as the file lists them.
        Assert.Equal(full.Phones, f.Phones);
        Assert.Equal(full.Emails, f.Emails);
        Assert.Equal(["wechat:acme"], f.Ims);
        Assert.Equal(new AddressDto("中国", "上海", Street: "世纪大道 1 号"), f.Address);
        Assert.Equal(["Alpha", "zeta", "中文"], f.Tags);
        Assert.Equal(full.OwnerId, f.OwnerId);
        Assert.Equal((Full.NationalId, Full.BankAccount, Full.DateOfBirth), (f.NationalId, f.BankAccount, f.DateOfBirth));

        Assert.Equal(("Bare", CustomerKind.Company), (b.Name, b.Kind));
        Assert.Equal(["bare@example.com"], b.Emails);
        Assert.Empty(b.Phones.Concat(b.Ims).Concat(b.Tags));
        Assert.Equal(new AddressDto("US", "Boston"), b.Address);
        Assert.Equal(new string?[7], new[] { b.Industry, b.Source, b.Notes, b.NationalId, b.BankAccount, b.DateOfBirth, b.OwnerId?.ToString() });
    }

    [Fact]
    public async Task A_filtered_export_keeps_each_customers_own_first_address()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        await service.CreateAsync(Full, false, Ct);
        await service.CreateAsync(Full with { Name = "上海 Other", Tags = ["Alpha"], Tier = ValueTier.Low, Addresses = [new AddressDto("US", "Denver")] }, confirmDuplicate: true, Ct);

        // A tag and a tier together: the address is read from the filtered row, not another one (a text term is in the
        // server's ExportRoundTripTests: this store has no search tables).
        var rows = await service.ExportAsync(new CustomerQuery { Tag = "中文", Tier = ValueTier.High }, reveal: false, sensitive: false, Ct)
            .ToListAsync(Ct);

        Assert.Equal(new AddressDto("中国", "上海", Street: "世纪大道 1 号"), Assert.Single(rows).Address);
    }

    [Fact]
    public async Task Sensitive_values_are_masked_unless_revealed_and_left_out_unless_kept()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        await service.CreateAsync(Full, false, Ct);

        var masked = Assert.Single(await service.ExportAsync(new CustomerQuery(), reveal: false, sensitive: true, Ct).ToListAsync(Ct));
        var left = Assert.Single(await service.ExportAsync(new CustomerQuery(), reveal: false, sensitive: false, Ct).ToListAsync(Ct));

        Assert.Equal((SensitiveFields.Mask(Full.NationalId!), SensitiveFields.Mask(Full.BankAccount!), SensitiveFields.MaskDate()),
            (masked.NationalId, masked.BankAccount, masked.DateOfBirth));
        Assert.Equal((null, null, null), (left.NationalId, left.BankAccount, left.DateOfBirth));
        Assert.Equal(masked with { NationalId = null, BankAccount = null, DateOfBirth = null, Phones = left.Phones, Emails = left.Emails, Ims = left.Ims, Tags = left.Tags },
            left);
    }

    [Fact]
    public async Task A_stored_value_holding_the_exports_separator_fails_the_export_instead_of_shifting_its_columns()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var created = await service.CreateAsync(Full, false, Ct);
        // Not possible through the services (SafeText); written behind their back.
        await store.Db.Customers.Where(c => c.Id == created.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Industry, "a" + CustomerExportText.FieldSeparator + "b"), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await service.ExportAsync(new CustomerQuery(), reveal: false, sensitive: false, Ct).ToListAsync(Ct));
    }

    [Theory]
    // As SQLite stores it (EF's writer escapes every non-ASCII character), as PostgreSQL writes a jsonb value out (keys
    // reordered, spaces, characters as they are), with a second address that is not the one exported, and as the
    // export's query on PostgreSQL lists the first address's values.
    [InlineData("""[{"City":"\u4E0A\u6D77","Country":"\u4E2D\u56FD","Label":"HQ","Postcode":null,"Region":null,"Street":"\u4E16\u7EAA\u5927\u9053 1 \u53F7"}]""")]
    [InlineData("""[{"City": "上海", "Label": null, "Region": "", "Street": "世纪大道 1 号", "Country": "中国", "Postcode": null}, {"City": "Boston", "Country": "US"}]""")]
    [InlineData("中国\u001f\u001f上海\u001f世纪大道 1 号\u001f")]
    public void The_first_stored_address_is_read_from_either_databases_json(string json) =>
        Assert.Equal(new AddressDto("中国", "上海", Street: "世纪大道 1 号"), CustomerExportText.FirstAddress(json));

    [Fact]
    public void No_address_or_one_without_a_value_is_no_address_and_a_long_one_is_read_whole()
    {
        Assert.Null(CustomerExportText.FirstAddress("[]"));
        Assert.Null(CustomerExportText.FirstAddress("\u001f\u001f\u001f\u001f"));
        Assert.Null(CustomerExportText.FirstAddress("""[{"Label":"HQ","Country":"","City":null}]"""));
        var street = string.Concat(Enumerable.Repeat("世纪大道", 150));
        Assert.Equal(new AddressDto("中国", null, Street: street),
            CustomerExportText.FirstAddress($$"""[{"Country":"中国","Street":"{{street}}"}]"""));
    }
}
