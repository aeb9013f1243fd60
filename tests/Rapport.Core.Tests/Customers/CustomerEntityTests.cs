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
    public void Touch_refreshes_search_text_after_a_rename()
    {
        var customer = NewCustomer();
        customer.RefreshSearchText();
        customer.Name = "Globex";

        customer.Touch(Now, Editor);

        Assert.Contains("globex", customer.SearchText, StringComparison.Ordinal);
        Assert.DoesNotContain("acme", customer.SearchText, StringComparison.Ordinal);
    }

    [Fact]
    public void Touch_records_who_and_when_and_bumps_the_version()
    {
        var customer = NewCustomer();
        var before = customer.Version;

        customer.Touch(Now, Editor);

        Assert.Equal(before + 1, customer.Version);
        Assert.Equal((Now, (Guid?)Editor), (customer.UpdatedAt, customer.UpdatedById));
    }

    [Fact]
    public void SoftDelete_marks_the_customer_deleted_and_bumps_the_version()
    {
        var customer = NewCustomer();
        var before = customer.Version;

        customer.SoftDelete(Now, Editor);

        Assert.Equal(Now, customer.DeletedAt);
        Assert.Equal(Editor, customer.DeletedById);
        Assert.Equal(before + 1, customer.Version);
    }

    [Fact]
    public void Restore_clears_the_deletion_and_bumps_the_version_again()
    {
        var customer = NewCustomer();
        customer.SoftDelete(Now, Editor);
        var deletedVersion = customer.Version;

        customer.Restore(Now.AddHours(1), Editor);

        Assert.Null(customer.DeletedAt);
        Assert.Null(customer.DeletedById);
        Assert.Equal(deletedVersion + 1, customer.Version);
        Assert.Equal(Now.AddHours(1), customer.UpdatedAt);
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
