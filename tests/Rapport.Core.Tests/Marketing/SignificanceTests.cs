using Rapport.Core.Marketing.Campaigns;

namespace Rapport.Core.Tests.Marketing;

/// <summary>The A/B winner's test, against figures worked out by hand.</summary>
public sealed class SignificanceTests
{
    [Fact]
    public void Twenty_against_twenty_six_percent_of_a_thousand_each_is_significant_at_95_percent()
    {
        // pooled p = 460/2000 = 0.23; se = sqrt(0.23 × 0.77 × (1/1000 + 1/1000)) = 0.018820; z = 0.06 / 0.018820 = 3.188;
        // two-sided p = 2 × (1 − Φ(3.188)) = 0.00143.
        var (z, p) = Significance.TwoProportion(200, 1000, 260, 1000);
        Assert.Equal(3.19, z, 0.01);
        Assert.Equal(0.0014, p, 0.0001);
    }

    [Fact]
    public void The_sign_of_z_says_which_rate_is_higher()
    {
        var (z, _) = Significance.TwoProportion(260, 1000, 200, 1000);
        Assert.True(z < 0);
    }

    [Fact]
    public void A_small_difference_on_small_samples_is_not_significant()
    {
        // 10/100 against 14/100: pooled 0.12, se = sqrt(0.12 × 0.88 × 0.02) = 0.045956, z = 0.04 / 0.045956 = 0.870, p = 0.384.
        var (z, p) = Significance.TwoProportion(10, 100, 14, 100);
        Assert.Equal(0.870, z, 0.001);
        Assert.Equal(0.384, p, 0.001);
        var lead = Significance.Leader([(10, 100), (14, 100)], 0.95)!.Value;
        Assert.Equal((1, 0, false), (lead.Leader, lead.RunnerUp, lead.Significant));
    }

    [Fact]
    public void Nothing_to_compare_is_never_significant()
    {
        Assert.Equal((0.0, 1.0), Significance.TwoProportion(0, 0, 5, 10));
        Assert.Equal((0.0, 1.0), Significance.TwoProportion(0, 10, 0, 10));
        Assert.Null(Significance.Leader([(5, 10)], 0.95));
    }

    [Fact]
    public void With_three_variants_the_leader_must_beat_each_other_at_the_level_split_between_the_comparisons()
    {
        // Leader C 260/1000; B 200/1000 (p = 0.0014) and A 230/1000: 230 vs 260 gives z = 1.55, p = 0.12 — not below 0.025.
        var lead = Significance.Leader([(230, 1000), (200, 1000), (260, 1000)], 0.95)!.Value;
        Assert.Equal((2, 0, false), (lead.Leader, lead.RunnerUp, lead.Significant));
        Assert.Equal(0.025, lead.Alpha, 1e-9);
        var clear = Significance.Leader([(150, 1000), (200, 1000), (260, 1000)], 0.95)!.Value;
        Assert.True(clear.Significant);
        Assert.Equal(1, clear.RunnerUp);
    }
}
