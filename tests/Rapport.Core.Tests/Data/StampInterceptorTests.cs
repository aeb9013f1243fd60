using Microsoft.EntityFrameworkCore;
using Rapport.Core.Customers;
using Rapport.Core.Sales;
using Rapport.Core.Tests.Infrastructure;

namespace Rapport.Core.Tests.Data;

/// <summary>Who and when are stamped on save, by one interceptor on the application's clock; nobody writes them by hand.</summary>
public sealed class StampInterceptorTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Editor = Guid.CreateVersion7();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<SqliteMemoryDb> DbAsync(FixedClock clock) => SqliteMemoryDb.CreateAsync(Ct, clock, new SystemUser(Editor, Roles.Administrator));

    private static async Task<Customer> AddCustomerAsync(SqliteMemoryDb store)
    {
        var customer = new Customer { Number = "C-2026-00001", Name = "Acme Trading" };
        store.Db.Customers.Add(customer);
        await store.Db.SaveChangesAsync(Ct);
        return customer;
    }

    [Fact]
    public async Task Insert_is_stamped_with_the_clock_and_the_caller_at_version_one()
    {
        var clock = new FixedClock(Start);
        await using var store = await DbAsync(clock);

        var customer = await AddCustomerAsync(store);

        Assert.Equal((Start.UtcDateTime, (Guid?)Editor), (customer.CreatedAt, customer.CreatedById));
        Assert.Equal((Start.UtcDateTime, (Guid?)Editor), (customer.UpdatedAt, customer.UpdatedById));
        Assert.Equal(1, customer.Version);
        Assert.Equal("acme trading c-2026-00001", customer.SearchText);
    }

    [Fact]
    public async Task Update_records_who_and_when_refreshes_search_text_and_bumps_the_version_once()
    {
        var clock = new FixedClock(Start);
        await using var store = await DbAsync(clock);
        var customer = await AddCustomerAsync(store);
        clock.Now = Start.AddHours(2);

        customer.Name = "Globex";
        await store.Db.SaveChangesAsync(Ct);

        Assert.Equal(2, customer.Version);
        Assert.Equal((Start.AddHours(2).UtcDateTime, (Guid?)Editor), (customer.UpdatedAt, customer.UpdatedById));
        Assert.Equal(Start.UtcDateTime, customer.CreatedAt);
        Assert.Contains("globex", customer.SearchText, StringComparison.Ordinal);
        Assert.DoesNotContain("acme", customer.SearchText, StringComparison.Ordinal);
        Assert.Equal(2, await store.Db.Customers.AsNoTracking().Where(c => c.Id == customer.Id).Select(c => c.Version).SingleAsync(Ct));
    }

    [Fact]
    public async Task The_audit_entry_is_dated_by_the_same_clock()
    {
        await using var store = await DbAsync(new FixedClock(Start));

        var customer = await AddCustomerAsync(store);

        var entry = await store.Db.AuditEntries.AsNoTracking().SingleAsync(e => e.EntityId == customer.Id.ToString(), Ct);
        Assert.Equal(("customer.created", Start.UtcDateTime), (entry.Action, entry.At));
    }

    [Fact]
    public async Task Saving_without_a_change_keeps_the_stamps_and_the_version()
    {
        var clock = new FixedClock(Start);
        await using var store = await DbAsync(clock);
        var customer = await AddCustomerAsync(store);
        clock.Now = Start.AddHours(2);

        await store.Db.SaveChangesAsync(Ct);

        Assert.Equal((1L, Start.UtcDateTime), (customer.Version, customer.UpdatedAt));
    }

    [Fact]
    public async Task Changing_only_a_child_row_stamps_and_versions_its_parent()
    {
        var clock = new FixedClock(Start);
        await using var store = await DbAsync(clock);
        var customer = await AddCustomerAsync(store);
        clock.Now = Start.AddHours(1);

        customer.ReplaceTags(["vip"]);
        await store.Db.SaveChangesAsync(Ct);

        Assert.Equal((2L, Start.AddHours(1).UtcDateTime), (customer.Version, customer.UpdatedAt));
    }

    [Fact]
    public async Task Soft_delete_and_restore_each_bump_the_version()
    {
        await using var store = await DbAsync(new FixedClock(Start));
        var customer = await AddCustomerAsync(store);

        customer.SoftDelete(Start.UtcDateTime, Editor);
        await store.Db.SaveChangesAsync(Ct);
        customer.Restore();
        await store.Db.SaveChangesAsync(Ct);

        Assert.Equal(3, customer.Version);
    }

    [Fact]
    public async Task A_save_over_a_newer_version_is_refused()
    {
        await using var store = await DbAsync(new FixedClock(Start));
        var customer = await AddCustomerAsync(store);
        // Someone else changed the row since it was read.
        await store.Db.Customers.Where(c => c.Id == customer.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Version, 5L), Ct);

        customer.Name = "Globex";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => store.Db.SaveChangesAsync(Ct));
    }

    [Fact]
    public void Every_versioned_sales_record_shares_the_one_audited_base()
    {
        Type[] versioned = [typeof(Customer), typeof(Contact), typeof(Interaction), typeof(Rapport.Core.Leads.Lead), typeof(Opportunity), typeof(Quote),
            typeof(Contract), typeof(Invoice), typeof(Product), typeof(PriceList), typeof(Pipeline)];

        Assert.All(versioned, t => Assert.True(t.IsSubclassOf(typeof(AuditedEntity)), t.Name));
    }
}
