namespace Rapport.Core.ServiceDesk;

/// <summary>Service desk settings (configuration section <c>Cases</c>).</summary>
public sealed class CaseOptions
{
    /// <summary>Tokens as for customers: {yyyy} {yy} {MM} {dd} and {seq:00000}; the counter is keyed <c>case:</c>.</summary>
    public string NumberPattern { get; set; } = "CS-{yyyy}-{seq:00000}";
    /// <summary>How many days after its resolution a resolved or closed case may still be reopened.</summary>
    public int ReopenWindowDays { get; set; } = 14;
    /// <summary>Defaults to <c>{DataDirectory}/attachments/cases</c>.</summary>
    public string? AttachmentDirectory { get; set; }
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>How many days a customer portal link works after it was emailed (every email carries a fresh one).</summary>
    public int PortalLinkDays { get; set; } = 30;
    /// <summary>The public address portal links in emails start with (<c>https://desk.example.com</c>). Empty: the
    /// address of the request that sends the mail, else a link relative to the site.</summary>
    public string? PublicUrl { get; set; }
}
