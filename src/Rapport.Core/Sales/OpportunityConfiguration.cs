namespace Rapport.Core.Sales;

internal sealed class OpportunityConfiguration(bool postgres) : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> b)
    {
        b.ToTable("Opportunities");
        b.Ignore(o => o.Amount);
        b.Property(o => o.Name).HasMaxLength(OpportunityRules.NameMax);
        b.HasCurrencyCode(o => o.Currency);
        b.Property(o => o.Competitors).HasMaxLength(500);
        b.Property(o => o.NextStep).HasMaxLength(500);
        b.Property(o => o.CloseReason).HasMaxLength(500);
        // Computed by the database so every write of the name keeps it (PostgreSQL can only store generated columns).
        b.HasSearchText(OpportunityRules.NameMax, postgres).HasComputedColumnSql("lower(\"Name\")", stored: postgres);
        b.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Contact>().WithMany().HasForeignKey(o => o.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasOwner(o => o.OwnerId);
        b.HasOne<Pipeline>().WithMany().HasForeignKey(o => o.PipelineId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PipelineStage>().WithMany().HasForeignKey(o => o.StageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Leads.Lead>().WithMany().HasForeignKey(o => o.SourceLeadId).OnDelete(DeleteBehavior.SetNull);

        // The board reads a pipeline's stages by close date; lists sort by creation, close date or amount; the forecast
        // adds up by owner and close date.
        b.HasKeysetIndex(o => new { o.PipelineId, o.StageId, o.ExpectedCloseDate });
        b.HasKeysetIndex(o => o.CreatedAt);
        b.HasKeysetIndex(o => o.ExpectedCloseDate);
        b.HasKeysetIndex(o => o.AmountMinor);
        b.HasKeysetIndex(o => new { o.OwnerId, o.ExpectedCloseDate });
        // An owner's board (or a team's): each column's first cards in close-date order from one seek, and the
        // columns' totals from the index alone (currency, amount, probability, and the customer for the recycle bin's
        // filter, are in it). Without it, each column and the totals read all of the owner's deals (20,000 at 1M: 0.7 s
        // a board).
        b.HasIndex(o => new { o.OwnerId, o.StageId, o.ExpectedCloseDate, o.Id, o.Currency, o.AmountMinor, o.Probability, o.CustomerId })
            .HasDatabaseName("IX_Opportunities_OwnerBoard");
        b.HasIndex(o => new { o.CustomerId, o.CreatedAt });
        b.HasIndex(o => o.SourceLeadId);
        b.HasIndex(o => o.CampaignId);
    }
}
