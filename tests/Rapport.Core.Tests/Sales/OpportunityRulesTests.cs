using Rapport.Core.Sales;

namespace Rapport.Core.Tests.Sales;

/// <summary>What a deal must have to enter a stage, what probability it then carries, and what makes a pipeline.</summary>
public sealed class OpportunityRulesTests
{
    private static Opportunity Deal(long amountMinor = 0, DateOnly? close = null, Guid? contact = null, string? nextStep = null, int? ownProbability = null) => new()
    {
        Name = "Deal", Currency = "CNY", AmountMinor = amountMinor, ExpectedCloseDate = close, ContactId = contact, NextStep = nextStep,
        ProbabilityOverride = ownProbability,
    };

    private static PipelineStage Stage(StageKind kind = StageKind.Open, int probability = 40, params string[] required) => new()
    {
        Name = "Proposal", Kind = kind, Probability = probability, RequiredFields = [.. required],
    };

    [Fact]
    public void A_stage_lists_every_required_field_the_deal_lacks()
    {
        var stage = Stage(required: ["amount", "expectedCloseDate", "contactId", "nextStep"]);
        Assert.Equal(["amount", "expectedCloseDate", "contactId", "nextStep"], OpportunityRules.MissingForStage(Deal(), stage).Select(e => e.Field));
        Assert.Empty(OpportunityRules.MissingForStage(Deal(100, new DateOnly(2030, 1, 1), Guid.NewGuid(), "Call CFO"), stage));
        Assert.Equal("Proposal", OpportunityRules.MissingForStage(Deal(), stage)[0].Args[0]);
    }

    [Fact]
    public void Won_is_certain_lost_is_nothing_and_open_stages_defer_to_the_owners_own_figure()
    {
        Assert.Equal(100, OpportunityRules.ProbabilityOn(Stage(StageKind.Won), Deal(ownProbability: 30)));
        Assert.Equal(0, OpportunityRules.ProbabilityOn(Stage(StageKind.Lost), Deal(ownProbability: 30)));
        Assert.Equal(30, OpportunityRules.ProbabilityOn(Stage(), Deal(ownProbability: 30)));
        Assert.Equal(40, OpportunityRules.ProbabilityOn(Stage(), Deal()));
    }

    [Fact]
    public void Amounts_are_kept_exactly_in_minor_units_and_more_than_two_decimals_are_refused()
    {
        var (_, minor, currency) = OpportunityRules.Validate(new OpportunityInput { Name = "x", CustomerId = Guid.NewGuid(), Amount = 1234567.89m, Currency = " usd " }, "CNY");
        Assert.Equal((123456789L, "USD"), (minor, currency));
        Assert.Equal(1234567.89m, Currency.FromMinor(minor, "CNY"));
        var e = Assert.Throws<RapportValidationException>(() => OpportunityRules.Validate(new OpportunityInput { Name = "x", CustomerId = Guid.NewGuid(), Amount = 0.001m }, "CNY"));
        Assert.Equal("Validation.Decimals", Assert.Single(e.Errors).Code);
    }

    [Fact]
    public void A_pipeline_needs_open_stages_one_won_stage_at_most_one_lost_and_distinct_names()
    {
        OpportunityRules.ValidatePipeline(OpportunityRules.DefaultPipeline);
        var noWon = new PipelineInput("P", [new(null, "A", 10), new(null, "B", 20)]);
        Assert.Contains(Assert.Throws<RapportValidationException>(() => OpportunityRules.ValidatePipeline(noWon)).Errors, e => e.Code == "Validation.StageKinds");
        var twins = new PipelineInput("P", [new(null, "Same", 10), new(null, "same", 100, StageKind.Won)]);
        Assert.Contains(Assert.Throws<RapportValidationException>(() => OpportunityRules.ValidatePipeline(twins)).Errors, e => e.Code == "Validation.StageNamesUnique");
        var badField = new PipelineInput("P", [new(null, "A", 10, RequiredFields: ["budget"]), new(null, "W", 100, StageKind.Won)]);
        Assert.Contains(Assert.Throws<RapportValidationException>(() => OpportunityRules.ValidatePipeline(badField)).Errors, e => e.Field == "stages[0].requiredFields");
    }
}
