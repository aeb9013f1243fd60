namespace Rapport.Core.Leads;

/// <summary>A public web-to-lead form: its token goes into the HTML a company embeds on its website.</summary>
public sealed class LeadForm : Common.AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Random, URL-safe; identifies the form in the public URL. Not a secret (it is in the page's HTML).</summary>
    public required string Token { get; init; }
    /// <summary>The source recorded on leads from this form ("Website").</summary>
    public string? Source { get; set; }
    /// <summary>Where the browser goes after a submission; without it Rapport shows a thank-you page.</summary>
    public string? RedirectUrl { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>Who gets the form's leads when no assignment rule matches (none: they arrive unassigned).</summary>
    public Guid? DefaultOwnerId { get; set; }
    /// <summary>Counted in the database by each submission; not an edit, so the version stays.</summary>
    public int SubmissionCount { get; set; }
}
