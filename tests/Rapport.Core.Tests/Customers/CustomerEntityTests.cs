using Rapport.Core.Customers;

namespace Rapport.Core.Tests.Customers;

public sealed class CustomerEntityTests
{
    private static readonly DateTime Now = new(2025, 3, 7, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Editor = Guid.NewGuid();

    private static Customer NewCustomer() => new() { Number = "C-2025-00001", Name = "Acme Trading" };

    [Fact]
    public void RefreshSearchText_holds_name_number_and_channel_values_in_lower_case()
    {
        var customer = NewCustomer();
        customer.ReplaceChannels([
            new CustomerChannel { Kind = ChannelKind.Phone, Value = "+8613800138000" },
            new CustomerChannel { Kind = ChannelKind.Email, Value = "Buyer@Example.com" },
        ]);

        customer.RefreshSearchText();

        Assert.Equal("acme trading c-2025-00001 +8613800138000 buyer@example.com", customer.SearchText);
    }

    [Fact]
    public void SoftDelete_marks_the_customer_deleted()
    {
        var customer = NewCustomer();

        customer.SoftDelete(Now, Editor);

        Assert.Equal(Now, customer.DeletedAt);
        Assert.Equal(Editor, customer.DeletedById);
    }

    [Fact]
    public void Restore_clears_the_deletion()
    {
        var customer = NewCustomer();
        customer.SoftDelete(Now, Editor);

        customer.Restore();

        Assert.Null(customer.DeletedAt);
        Assert.Null(customer.DeletedById);
    }

    [Fact]
    public void ReplaceTags_keeps_an_existing_tag_requested_in_another_case()
    {
        var customer = NewCustomer();
        customer.ReplaceTags(["VIP", "Export"]);

        customer.ReplaceTags(["vip", "Retail"]);

        Assert.Equal(["Retail", "VIP"], customer.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReplaceTags_adds_a_tag_only_once_when_asked_twice_in_different_case()
    {
        var customer = NewCustomer();

        customer.ReplaceTags(["vip", "VIP"]);

        var tag = Assert.Single(customer.Tags);
        Assert.Equal(customer.Id, tag.CustomerId);
    }

    [Fact]
    public void ReplaceTags_with_nothing_removes_every_tag()
    {
        var customer = NewCustomer();
        customer.ReplaceTags(["VIP", "Export"]);

        customer.ReplaceTags([]);

        Assert.Empty(customer.Tags);
    }
}
