namespace Rapport.Core.Data;

/// <summary>A named counter behind generated numbers such as customer numbers (one row per pattern prefix).</summary>
public sealed class NumberSequence
{
    public required string Key { get; init; }
    public long Value { get; set; }
}
