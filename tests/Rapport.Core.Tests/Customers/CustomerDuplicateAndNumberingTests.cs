using Microsoft.EntityFrameworkCore;
using Rapport.Core.Tests.Infrastructure;

namespace Rapport.Core.Tests.Customers;

/// <summary>Duplicate detection and generated numbers against a real (in-memory) SQLite database.</summary>
public sealed class CustomerDuplicateAndNumberingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_warns_when_the_same_phone_is_written_differently()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var existing = await service.CreateAsync(Samples.Customer("Acme", phone: "+86 138-0013-8000", email: null), false, Ct);

        var e = await Assert.ThrowsAsync<DuplicateWarningException>(() =>
            service.CreateAsync(Samples.Customer("Acme again", phone: "13800138000", email: null), false, Ct));

        var match = Assert.Single(e.Matches);
        Assert.Equal((existing.Id, existing.Number, "Acme", "phone", "+8613800138000"),
            (match.Id, match.Number, match.Name, match.MatchedOn, match.Value));
    }

    [Fact]
    public async Task FindDuplicates_matches_an_email_given_in_another_case_once_normalised()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var existing = await service.CreateAsync(Samples.Customer(phone: null, email: "Buyer@Example.com"), false, Ct);
        var normalised = ContactPoints.NormalizeEmail("BUYER@EXAMPLE.COM")!;

        var matches = await service.FindDuplicatesAsync([], [normalised], null, Ct);

        var match = Assert.Single(matches);
        Assert.Equal((existing.Id, "email", "buyer@example.com"), (match.Id, match.MatchedOn, match.Value));
    }

    [Fact]
    public async Task Create_warns_when_the_same_email_differs_only_in_case()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        await service.CreateAsync(Samples.Customer(phone: null, email: "buyer@example.com"), false, Ct);

        var e = await Assert.ThrowsAsync<DuplicateWarningException>(() =>
            service.CreateAsync(Samples.Customer("Other", phone: null, email: "BUYER@Example.COM"), false, Ct));

        Assert.Equal("email", Assert.Single(e.Matches).MatchedOn);
    }

    [Fact]
    public async Task Create_does_not_warn_for_customers_sharing_nothing()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        await service.CreateAsync(Samples.Customer("Acme", phone: "13800138000", email: "a@example.com"), false, Ct);

        var second = await service.CreateAsync(Samples.Customer("Globex", phone: "13900139000", email: "b@example.com"), false, Ct);

        Assert.Equal(2, await store.Db.Customers.CountAsync(Ct));
        Assert.Equal("Globex", second.Name);
    }

    [Fact]
    public async Task FindDuplicates_does_not_report_a_soft_deleted_customer()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var deleted = await service.CreateAsync(Samples.Customer(phone: "13800138000", email: "buyer@example.com"), false, Ct);
        await service.DeleteAsync(deleted.Id, null, Ct);

        var matches = await service.FindDuplicatesAsync(["+8613800138000"], ["buyer@example.com"], null, Ct);

        Assert.Empty(matches);
    }

    [Fact]
    public async Task FindDuplicates_leaves_out_the_customer_being_edited()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var self = await service.CreateAsync(Samples.Customer(phone: "13800138000", email: null), false, Ct);

        var matches = await service.FindDuplicatesAsync(["+8613800138000"], [], self.Id, Ct);

        Assert.Empty(matches);
    }

    [Fact]
    public async Task Create_with_confirmDuplicate_saves_the_customer_despite_a_match()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var first = await service.CreateAsync(Samples.Customer("Acme"), false, Ct);

        var second = await service.CreateAsync(Samples.Customer("Acme branch"), confirmDuplicate: true, Ct);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, await store.Db.Customers.CountAsync(Ct));
    }

    [Fact]
    public async Task Create_numbers_customers_consecutively_within_a_year()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers(new FixedClock(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero)));

        var first = await service.CreateAsync(Samples.Customer("Acme", "13800138000", "a@example.com"), false, Ct);
        var second = await service.CreateAsync(Samples.Customer("Globex", "13900139000", "b@example.com"), false, Ct);

        Assert.Equal(("C-2025-00001", "C-2025-00002"), (first.Number, second.Number));
    }

    [Fact]
    public async Task Create_restarts_numbering_at_one_in_a_new_year()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var clock = new FixedClock(new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero));
        var service = store.Customers(clock);
        await service.CreateAsync(Samples.Customer("Acme", "13800138000", "a@example.com"), false, Ct);
        await service.CreateAsync(Samples.Customer("Globex", "13900139000", "b@example.com"), false, Ct);

        clock.Now = new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.Zero);
        var newYear = await service.CreateAsync(Samples.Customer("Initech", "13700137000", "c@example.com"), false, Ct);

        Assert.Equal("C-2026-00001", newYear.Number);
    }

    [Fact]
    public async Task Create_rejects_a_hand_picked_number_already_used_even_by_a_deleted_customer()
    {
        await using var store = await SqliteMemoryDb.CreateAsync(Ct);
        var service = store.Customers();
        var deleted = await service.CreateAsync(Samples.Customer("Acme", "13800138000", "a@example.com") with { Number = "VIP-1" }, false, Ct);
        await service.DeleteAsync(deleted.Id, null, Ct);

        var e = await Assert.ThrowsAsync<RapportValidationException>(() =>
            service.CreateAsync(Samples.Customer("Globex", "13900139000", "b@example.com") with { Number = "VIP-1" }, false, Ct));

        Assert.Equal(("number", "Validation.NumberTaken"), (e.Errors[0].Field, e.Errors[0].Code));
    }
}
