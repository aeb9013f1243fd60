namespace Rapport.Core.Quality;

/// <summary>Duplicate finder and data-quality settings (section <c>Quality</c>).</summary>
public sealed class QualityOptions
{
    /// <summary>A blocking key shared by more customers than this (a switchboard number, a name like "公司") is too
    /// common to say anything and is skipped, which also keeps the pairs from growing with the square of the block.</summary>
    public int BlockMax { get; set; } = 50;
    /// <summary>Months without a change after which a customer counts as untouched on the data-quality page.</summary>
    public int UntouchedMonths { get; set; } = 12;
}
