namespace Rapport.Core.Privacy;

/// <summary>What a person agreed (or stopped agreeing) to their data being used for.</summary>
public enum ConsentPurpose { MarketingEmail, MarketingSms, MarketingPhone, Profiling, CrossBorderTransfer, ThirdPartySharing }

/// <summary>How a consent was given or withdrawn.</summary>
public enum ConsentSource { Agent, WebForm, Import, UnsubscribeLink, Portal, Api }

/// <summary>
/// One line of a person's consent ledger: granted or withdrawn, for one purpose, optionally for one address (an email
/// or phone the consent covers), when and how, with the wording they agreed to. Lines are only ever added — the
/// current state of a purpose is its newest line — so the ledger is its own proof (GDPR art. 7(1), PIPL art. 14).
/// </summary>
public sealed class ConsentEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>Null for an address nobody on file uses (an unsubscribe must be honoured all the same).</summary>
    public Guid? CustomerId { get; init; }
    public Customers.Customer? Customer { get; init; }
    public Guid? ContactId { get; init; }
    public ConsentPurpose Purpose { get; init; }
    /// <summary>The normalised email (lower case) or phone (E.164) the line is about; null: the person as a whole.</summary>
    public string? Address { get; init; }
    public bool Granted { get; init; }
    public ConsentSource Source { get; init; }
    /// <summary>The wording agreed to, the form or message it came from — what shows the consent was informed.</summary>
    public string? Proof { get; init; }
    /// <summary>When the person gave or withdrew it (may be before it was recorded, e.g. a paper form).</summary>
    public DateTime At { get; init; }
    public DateTime RecordedAt { get; init; }
    public Guid? RecordedById { get; init; }

    public const int MaxProofLength = 2000;
    public const int MaxAddressLength = 254;
}
