namespace Rapport.Core.Leads;

/// <summary>A named band of lead scores (part of <see cref="LeadScoring"/>): a lead scoring at least <see cref="From"/>
/// (and less than the next band up) is shown with <see cref="Label"/>, in Chinese <see cref="LabelZh"/> when given.</summary>
public sealed record ScoreBand(int From, string Label, string? LabelZh = null)
{
    public const int LabelMax = 40;

    /// <summary>The label in <paramref name="culture"/> (Chinese when it is one and the band has a Chinese label).</summary>
    public string LabelIn(System.Globalization.CultureInfo culture) =>
        culture.Name.StartsWith("zh", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(LabelZh) ? LabelZh : Label;
}
