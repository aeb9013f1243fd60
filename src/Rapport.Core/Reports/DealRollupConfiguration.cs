namespace Rapport.Core.Reports;

internal sealed class DealRollupConfiguration : IEntityTypeConfiguration<DealRollup>
{
    public void Configure(EntityTypeBuilder<DealRollup> b)
    {
        b.ToTable("DealRollups");
        // The key the triggers add to (INSERT … ON CONFLICT of exactly these columns).
        b.HasKey(r => new { r.Grain, r.Day, r.OwnerKey, r.StageId, r.Currency, r.Open });
        b.HasCurrencyCode(r => r.Currency);
        // Both cover every column, so neither database reads the table: a period's months and days in order (a
        // dashboard's period), and all months in owner × stage × currency order (a pivot grouped without sorting; an
        // own scope).
        b.HasIndex(r => new { r.Grain, r.Day, r.Open, r.StageId, r.Currency, r.OwnerKey, r.Count, r.AmountMinor }).HasDatabaseName("IX_DealRollups_Period");
        b.HasIndex(r => new { r.Grain, r.OwnerKey, r.StageId, r.Currency, r.Open, r.Day, r.Count, r.AmountMinor }).HasDatabaseName("IX_DealRollups_Owner");
    }
}
