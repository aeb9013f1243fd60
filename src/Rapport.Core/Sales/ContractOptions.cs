namespace Rapport.Core.Sales;

/// <summary>Where contract attachments live and how large they may be (configuration section <c>Contracts</c>).</summary>
public sealed class ContractOptions
{
    /// <summary>Defaults to <c>{DataDirectory}/attachments</c>.</summary>
    public string? AttachmentDirectory { get; set; }
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
}
