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
    public LeadStatus Status { get; set; } = LeadStatus.New;
    public string? DisqualifyReason { get; set; }

    /// <summary>Points from the scoring rules, and the rules that gave them ("why 72?").</summary>
    public int Score { get; set; }
    public List<ScorePart> ScoreParts { get; set; } = [];
    /// <summary>Activities logged on the lead; an input of the score.</summary>
    public int ActivityCount { get; set; }

    /// <summary>The web form it came through, if any.</summary>
    public Guid? FormId { get; init; }
    public Guid? CustomerId { get; set; }
    public Guid? ContactId { get; set; }
    public DateTime? ConvertedAt { get; set; }

    /// <summary>Lower-cased name, company, email and phone: what the list's text filter matches.</summary>
    public string SearchText { get; private set; } = "";

    protected internal override void OnSaving() => RefreshSearchText();

    public void RefreshSearchText() =>
        SearchText = string.Join(' ', new[] { Name, Company, Email, Phone }.Where(s => !string.IsNullOrWhiteSpace(s)))
            .ToLowerInvariant();
}
