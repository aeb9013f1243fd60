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
}
