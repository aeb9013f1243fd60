namespace Rapport.Core.Leads;

/// <summary>New → contacted → qualified → converted, or disqualified (with a reason) from any open status.</summary>
public enum LeadStatus { New, Contacted, Qualified, Converted, Disqualified }

/// <summary>A prospect not yet a customer: captured by hand, through the API or from a public web form; scored,
/// assigned, worked, and in the end converted into a customer (and contact) or disqualified.</summary>
public sealed class Lead : Common.AuditedEntity, Common.ISearchable
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The person's name.</summary>
    public required string Name { get; set; }
    public string? Company { get; set; }
    public string? Title { get; set; }
    /// <summary>Lower-cased address (exact-match duplicate lookup).</summary>
    public string? Email { get; set; }
    /// <summary>E.164 (exact-match duplicate lookup).</summary>
    public string? Phone { get; set; }
    /// <summary>The company name reduced for matching: lower case, no punctuation, no legal suffix ("Ltd", "有限公司").</summary>
    public string? CompanyKey { get; set; }
    public string? Source { get; set; }
    public string? Industry { get; set; }
    /// <summary>Sales territory ("East China"); assignment rules can route on it.</summary>
    public string? Region { get; set; }
    public string? Country { get; set; }
    public string? City { get; set; }
    public string? Notes { get; set; }
    public Guid? OwnerId { get; set; }
    public LeadStatus Status { get; private set; } = LeadStatus.New;
    public string? DisqualifyReason { get; private set; }

    /// <summary>Points from the scoring rules, and the rules that gave them ("why 72?").</summary>
    public int Score { get; set; }
    public List<ScorePart> ScoreParts { get; set; } = [];
    /// <summary>Activities logged on the lead; an input of the score.</summary>
    public int ActivityCount { get; set; }

    /// <summary>The web form it came through, if any.</summary>
    public Guid? FormId { get; init; }
    /// <summary>The campaign that brought it: the form link's <c>utm_campaign</c>, or a tracked click before the
    /// form was sent (carried to the opportunity and order when it is converted).</summary>
    public Guid? CampaignId { get; set; }
    /// <summary>The landing link's <c>utm_source</c>, <c>utm_medium</c> and <c>utm_content</c>.</summary>
    public string? UtmSource { get; set; }
    public string? UtmMedium { get; set; }
    public string? UtmContent { get; set; }
    public Guid? CustomerId { get; private set; }
    public Guid? ContactId { get; private set; }
    public DateTime? ConvertedAt { get; private set; }

    /// <summary>Lower-cased name, company, email and phone: what the list's text filter matches.</summary>
    public string SearchText { get; private set; } = "";

    protected internal override void OnSaving() => RefreshSearchText();

    /// <summary>A move by hand (<see cref="LeadRules.CheckMove"/>): never into or out of converted, a disqualification
    /// with its reason.</summary>
    public void MoveTo(LeadStatusInput input)
    {
        DisqualifyReason = LeadRules.CheckMove(Status, input);
        Status = input.Status;
    }

    public void Disqualify(string? reason) => MoveTo(new LeadStatusInput(LeadStatus.Disqualified, reason));

    /// <summary>Back to new, from any status but converted.</summary>
    public void Reopen() => MoveTo(new LeadStatusInput(LeadStatus.New));

    /// <summary>The first real contact (a note is not one) moves a new lead on; later statuses stay.</summary>
    public void MarkContacted()
    {
        if (Status == LeadStatus.New) Status = LeadStatus.Contacted;
    }

    /// <summary>Refused unless the lead is open, so a lead is converted once and a disqualified one not at all.</summary>
    public void CheckOpen()
    {
        if (!LeadRules.IsOpen(Status)) throw Common.RapportValidationException.For("status", "Validation.LeadNotOpen", Status);
    }

    /// <summary>Back to the status (and reason) it had before a merge closed it: the merge is being undone.</summary>
    internal void ReturnAfterMerge(LeadStatus status, string? disqualifyReason) => (Status, DisqualifyReason) = (status, disqualifyReason);

    public void MarkConverted(Guid customerId, Guid? contactId, DateTime at)
    {
        CheckOpen();
        (Status, CustomerId, ContactId, ConvertedAt) = (LeadStatus.Converted, customerId, contactId, at);
    }

    public void RefreshSearchText() =>
        SearchText = string.Join(' ', new[] { Name, Company, Email, Phone }.Where(s => !string.IsNullOrWhiteSpace(s)))
            .ToLowerInvariant();
}
