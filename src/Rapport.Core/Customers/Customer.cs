namespace Rapport.Core.Customers;

public enum CustomerKind { Company, Individual }

public enum ValueTier { High, Medium, Low }

public enum LifecycleStage { New, Growing, Mature, Declining, Churned }

public enum ChannelKind { Phone, Email, Im }

/// <summary>A company or person the business sells to; soft-deleted into the recycle bin.</summary>
public sealed class Customer : Rapport.Core.Common.AuditedEntity, Rapport.Core.Common.ISearchable
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public required string Name { get; set; }
    public CustomerKind Kind { get; set; }
    public string? Industry { get; set; }
    public string? Source { get; set; }
    /// <summary>The first campaign that reached them (a campaign message, or the campaign of the lead they came from):
    /// first-touch attribution.</summary>
    public Guid? FirstCampaignId { get; set; }
    public Guid? OwnerId { get; set; }
    public ValueTier Tier { get; set; } = ValueTier.Medium;
    public LifecycleStage Stage { get; set; } = LifecycleStage.New;
    public string? Notes { get; set; }

    // Personal data: AES-256-GCM envelopes (see PiiProtector), blind indexes for exact lookup, and the id of the key
    // that encrypted them (indexed, so a key rotation finds the rows still on an old key).
    public string? NationalIdCipher { get; set; }
    public string? NationalIdBlindIndex { get; set; }
    public string? BankAccountCipher { get; set; }
    public string? BankAccountBlindIndex { get; set; }
    public string? DateOfBirthCipher { get; set; }
    public string? PiiKeyId { get; set; }

    public List<CustomerChannel> Channels { get; init; } = [];
    public List<Address> Addresses { get; set; } = [];
    public List<CustomerTag> Tags { get; init; } = [];

    /// <summary>Lower-cased name, number, phones and emails: what search matches against (FTS5 trigram / pg_trgm).</summary>
    public string SearchText { get; private set; } = "";

    public DateTime? DeletedAt { get; private set; }
    public Guid? DeletedById { get; private set; }

    /// <summary>Processing restricted at the person's request (GDPR art. 18, PIPL art. 44): marketing sends,
    /// classification and segments leave the customer out; set and lifted by a subject request.</summary>
    public bool ProcessingRestricted { get; set; }

    protected internal override void OnSaving() => RefreshSearchText();

    public void RefreshSearchText() =>
        SearchText = string.Join(' ', new[] { Name, Number }
            .Concat(Channels.Select(c => c.Value))
            .Where(s => !string.IsNullOrWhiteSpace(s)))
            .ToLowerInvariant();

    public void SoftDelete(DateTime now, Guid? by)
    {
        DeletedAt = now;
        DeletedById = by;
    }

    public void Restore()
    {
        DeletedAt = null;
        DeletedById = null;
    }

    public void ReplaceChannels(IEnumerable<CustomerChannel> channels)
    {
        Channels.Clear();
        Channels.AddRange(channels);
    }

    public void ReplaceTags(IEnumerable<string> tags)
    {
        var wanted = tags.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Tags.RemoveAll(t => !wanted.Contains(t.Name));
        foreach (var t in wanted.Where(t => !Tags.Any(x => string.Equals(x.Name, t, StringComparison.OrdinalIgnoreCase))))
            Tags.Add(new CustomerTag { CustomerId = Id, Name = t });
    }
}
