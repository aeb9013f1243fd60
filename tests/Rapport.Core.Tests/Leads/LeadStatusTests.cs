using Rapport.Core.Leads;

namespace Rapport.Core.Tests.Leads;

/// <summary>A lead guards its own status: whatever code path moves it, the same rules and error codes apply.</summary>
public sealed class LeadStatusTests
{
    private static readonly DateTime Now = new(2026, 3, 7, 10, 0, 0, DateTimeKind.Utc);

    private static Lead NewLead() => new() { Name = "Wang Fang" };

    private static FieldError Refused(Action act) => Assert.Single(Assert.Throws<RapportValidationException>(act).Errors);

    [Fact]
    public void Disqualifying_needs_a_reason_and_keeps_it()
    {
        var lead = NewLead();

        Assert.Equal(("reason", "Validation.Required"), (Refused(() => lead.Disqualify("  ")) is var e ? (e.Field, e.Code) : default));
        lead.Disqualify("Student project");

        Assert.Equal((LeadStatus.Disqualified, "Student project"), (lead.Status, lead.DisqualifyReason));
    }

    [Fact]
    public void Reopening_a_disqualified_lead_clears_the_reason()
    {
        var lead = NewLead();
        lead.Disqualify("No budget");

        lead.Reopen();

        Assert.Equal((LeadStatus.New, (string?)null), (lead.Status, lead.DisqualifyReason));
    }

    [Fact]
    public void Contact_moves_only_a_new_lead_on()
    {
        var lead = NewLead();
        lead.MarkContacted();
        Assert.Equal(LeadStatus.Contacted, lead.Status);

        lead.MoveTo(new LeadStatusInput(LeadStatus.Qualified));
        lead.MarkContacted();

        Assert.Equal(LeadStatus.Qualified, lead.Status);
    }

    [Fact]
    public void A_converted_lead_stays_converted_and_is_not_converted_twice()
    {
        var lead = NewLead();
        var customer = Guid.CreateVersion7();
        lead.MarkConverted(customer, null, Now);

        Assert.Equal((LeadStatus.Converted, (Guid?)customer, (DateTime?)Now), (lead.Status, lead.CustomerId, lead.ConvertedAt));
        Assert.Equal("Validation.LeadTransition", Refused(() => lead.Reopen()).Code);
        Assert.Equal("Validation.LeadNotOpen", Refused(() => lead.MarkConverted(customer, null, Now)).Code);
    }

    [Fact]
    public void A_disqualified_lead_cannot_be_converted_and_nothing_is_moved_into_converted_by_hand()
    {
        var lead = NewLead();

        Assert.Equal("Validation.LeadTransition", Refused(() => lead.MoveTo(new LeadStatusInput(LeadStatus.Converted))).Code);
        lead.Disqualify("Duplicate");
        Assert.Equal("Validation.LeadNotOpen", Refused(() => lead.MarkConverted(Guid.CreateVersion7(), null, Now)).Code);
        Assert.Equal(LeadStatus.Disqualified, lead.Status);
    }
}
