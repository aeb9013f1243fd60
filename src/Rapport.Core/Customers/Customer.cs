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

    /// <summary>Makes <paramref name="channels"/> the customer's channels, in their order. Per kind, the channels already
    /// stored that start the wanted list unchanged (same value, label and primary flag, in the same order) are kept, so
    /// an edit that leaves the phones and emails alone writes no channel row (nor runs the child tables' triggers, nor
    /// audits a removal and an addition of the same phone); from the first difference on, the rest of that kind is
    /// written anew. The rows of a kind are read back in id order, so new rows get ids in ascending order, above the
    /// kept ones (version 7 ids made in one millisecond are in random order otherwise); <see cref="Guid.CompareTo(Guid)"/>
    /// orders them as both databases do.</summary>
    public void ReplaceChannels(IEnumerable<CustomerChannel> channels)
    {
        var wanted = channels.ToList();
        var ids = new Queue<Guid>(wanted.Select(_ => Guid.CreateVersion7()).Order());
        var result = new List<CustomerChannel>(wanted.Count);
        foreach (var kind in wanted.Select(w => w.Kind).Distinct())
        {
            var want = wanted.Where(w => w.Kind == kind).ToList();
            var have = Channels.Where(h => h.Kind == kind).OrderBy(h => h.Id).ToList();
            var same = 0;
            while (same < want.Count && same < have.Count && Same(have[same], want[same])) same++;
            // Kept rows must sort before the new ones (an edit within the millisecond of the last one writes all anew).
            if (same < want.Count && same > 0 && have[same - 1].Id.CompareTo(ids.Peek()) >= 0) same = 0;
            result.AddRange(have.Take(same));
            result.AddRange(want.Skip(same).Select(w => new CustomerChannel
            {
                Id = ids.Dequeue(), CustomerId = Id, Kind = w.Kind, Value = w.Value, Label = w.Label, IsPrimary = w.IsPrimary,
            }));
        }
        Channels.Clear();
        Channels.AddRange(result);

        static bool Same(CustomerChannel a, CustomerChannel b) =>
            a.Value == b.Value && a.Label == b.Label && a.IsPrimary == b.IsPrimary;
    }

    public void ReplaceTags(IEnumerable<string> tags)
    {
        var wanted = tags.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Tags.RemoveAll(t => !wanted.Contains(t.Name));
        foreach (var t in wanted.Where(t => !Tags.Any(x => string.Equals(x.Name, t, StringComparison.OrdinalIgnoreCase))))
            Tags.Add(new CustomerTag { CustomerId = Id, Name = t });
    }
}
