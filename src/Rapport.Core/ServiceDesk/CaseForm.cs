namespace Rapport.Core.ServiceDesk;

/// <summary>A public case form (<c>/support/{token}</c>): what a case filed through it starts with (type, category,
/// priority, queue) and which optional fields it shows.</summary>
public sealed class CaseForm : AuditedEntity
{
    public const int NameMax = 100;
    public const int TokenMax = 64;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Random, URL-safe; names the form in its public address. Not a secret (it is in the page's HTML).</summary>
    public required string Token { get; init; }
    public CaseType DefaultType { get; set; } = CaseType.Inquiry;
    public Guid? CategoryId { get; set; }
    public CasePriority Priority { get; set; } = CasePriority.Normal;
    /// <summary>The team whose queue the filed cases go to (none: unassigned, in no queue).</summary>
    public Guid? QueueId { get; set; }
    /// <summary>Whether the form asks for a phone number (always optional).</summary>
    public bool ShowPhone { get; set; } = true;
    public bool Active { get; set; } = true;
    public int SubmissionCount { get; set; }
}
