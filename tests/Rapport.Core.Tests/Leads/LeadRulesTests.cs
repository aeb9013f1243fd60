using Rapport.Core.Leads;

namespace Rapport.Core.Tests.Leads;

/// <summary>The rules a lead lives by: what makes it valid, how companies are recognised as the same, which status
/// changes are allowed, how it is scored and to whom it goes.</summary>
public sealed class LeadRulesTests
{
    private static Lead Lead(string? source = null, string? industry = null, int activities = 0, string? company = null, string? title = null,
        string? email = null, string? phone = null, string? region = null) => new()
        {
            Name = "Li Lei", Source = source, Industry = industry, ActivityCount = activities, Company = company, Title = title,
            Email = email, Phone = phone, Region = region,
        };

    [Theory]
    [InlineData("Acme Trading Co., Ltd.", "acmetrading")]
    [InlineData("ACME  trading", "acmetrading")]
    [InlineData("Acme Trading Company Limited", "acmetrading")]
    [InlineData("星辰科技有限公司", "星辰科技")]
    [InlineData("星辰科技股份有限公司", "星辰科技")]
    [InlineData("星辰科技集团有限公司", "星辰科技")]
    [InlineData("Co", "co")]
    [InlineData("  ", null)]
    public void Company_names_written_differently_reduce_to_the_same_key(string name, string? key) =>
        Assert.Equal(key, LeadRules.CompanyKey(name));

    [Fact]
    public void A_lead_is_normalised_and_needs_a_name_and_an_email_or_phone()
    {
        var n = LeadRules.Validate(new LeadInput { Name = "  Han Meimei ", Email = " HAN@Example.COM ", Phone = "139 1234 5678", Company = "星辰科技有限公司" }, "CN");
        Assert.Equal(("Han Meimei", "han@example.com", "+8613912345678", "星辰科技"), (n.Name, n.Email, n.Phone, n.CompanyKey));

        var e = Assert.Throws<RapportValidationException>(() => LeadRules.Validate(new LeadInput { Company = "x" }, "CN"));
        Assert.Equal(["name:Validation.Required", "email:Validation.LeadReachable"], e.Errors.Select(x => $"{x.Field}:{x.Code}"));
    }

    [Theory]
    [InlineData(LeadStatus.New, LeadStatus.Contacted, true)]
    [InlineData(LeadStatus.New, LeadStatus.Qualified, true)]
    [InlineData(LeadStatus.Qualified, LeadStatus.Contacted, true)]
    [InlineData(LeadStatus.Contacted, LeadStatus.Disqualified, true)]
    [InlineData(LeadStatus.Disqualified, LeadStatus.New, true)]
    [InlineData(LeadStatus.New, LeadStatus.New, false)]
    [InlineData(LeadStatus.Qualified, LeadStatus.Converted, false)]
    [InlineData(LeadStatus.Converted, LeadStatus.New, false)]
    [InlineData(LeadStatus.Converted, LeadStatus.Disqualified, false)]
    public void Only_conversion_reaches_converted_and_nothing_leaves_it(LeadStatus from, LeadStatus to, bool allowed) =>
        Assert.Equal(allowed, LeadRules.CanMove(from, to));

    [Fact]
    public void Disqualifying_needs_a_reason_and_other_moves_clear_it()
    {
        var e = Assert.Throws<RapportValidationException>(() => LeadRules.CheckMove(LeadStatus.New, new LeadStatusInput(LeadStatus.Disqualified, " ")));
        Assert.Equal("reason", Assert.Single(e.Errors).Field);
        Assert.Equal("Budget frozen", LeadRules.CheckMove(LeadStatus.New, new LeadStatusInput(LeadStatus.Disqualified, " Budget frozen ")));
        Assert.Null(LeadRules.CheckMove(LeadStatus.Disqualified, new LeadStatusInput(LeadStatus.New, "ignored")));
    }

    [Fact]
    public void The_score_adds_source_industry_completeness_and_capped_engagement_and_lists_each_rule()
    {
        var (score, parts) = LeadScoring.Defaults.Score(Lead("referral", "TECHNOLOGY", activities: 9, company: "Acme", email: "a@b.cn"));

        // referral 25 + technology 15 + company 5 + email 5 + engagement min(9 × 5, 25) = 75
        Assert.Equal(75, score);
        Assert.Equal(["source", "industry", "completeness", "completeness", "engagement"], parts.Select(p => p.Rule));
        Assert.Equal(25, parts.Single(p => p.Rule == "engagement").Points);
    }

    [Fact]
    public void The_score_stays_within_0_and_100_whatever_the_rules_say()
    {
        var generous = LeadScoring.Defaults with { Sources = new Dictionary<string, int> { ["Referral"] = 100 }, PerCompletedField = 100 };
        Assert.Equal(100, generous.Score(Lead("Referral", email: "a@b.cn")).Score);
        var harsh = LeadScoring.Defaults with { Sources = new Dictionary<string, int> { ["Spam list"] = -100 } };
        Assert.Equal(0, harsh.Score(Lead("spam list", email: "a@b.cn")).Score);
        Assert.Empty(harsh.Validate());
        Assert.Equal("perActivity", Assert.Single((LeadScoring.Defaults with { PerActivity = 101 }).Validate()).Field);
    }

    [Fact]
    public void A_score_takes_the_label_of_the_highest_band_it_reaches_as_the_administrator_named_them()
    {
        Assert.Equal(("Hot", 0), LeadScoring.Defaults.BandOf(70) is { } hot ? (hot.Band.Label, hot.Rank) : default);
        Assert.Equal("Warm", LeadScoring.Defaults.BandOf(69)?.Band.Label);
        Assert.Equal("冷", LeadScoring.Defaults.BandOf(0)?.Band.LabelIn(System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));

        var named = LeadScoring.Defaults with { Bands = [new(20, "Nurture"), new(85, "Call today", "今天致电")] };
        Assert.Empty(named.Validate());
        Assert.Equal(("Call today", 0), named.BandOf(90) is { } top ? (top.Band.Label, top.Rank) : default);
        Assert.Equal(("Nurture", 1), named.BandOf(84) is { } low ? (low.Band.Label, low.Rank) : default);
        Assert.Null(named.BandOf(19));
        // Settings saved before there were bands read as the default bands.
        Assert.Equal("Hot", (LeadScoring.Defaults with { Bands = null }).BandOf(100)?.Band.Label);

        var wrong = LeadScoring.Defaults with { Bands = [new(50, ""), new(50, "Twice"), new(101, "Too high")] };
        Assert.Equal(["bands[0].label", "bands[2].from", "bands"], wrong.Validate().Select(e => e.Field));
    }

    [Fact]
    public void An_assignment_rule_matches_on_every_criterion_it_names_and_ignores_the_rest()
    {
        var rule = new LeadAssignmentRule(Region: "East China", Industry: "Manufacturing", UserIds: [Guid.NewGuid()]);
        Assert.True(rule.Matches(Lead(industry: "manufacturing", region: " east china ")));
        Assert.False(rule.Matches(Lead(industry: "Retail", region: "East China")));
        Assert.False(rule.Matches(Lead(industry: "Manufacturing")));
        Assert.True(new LeadAssignmentRule(TeamId: Guid.NewGuid()).Matches(Lead()));
        Assert.NotEmpty(new LeadAssignment([new LeadAssignmentRule(Region: "x")]).Validate());
    }

    [Fact]
    public void Round_robin_takes_turns_in_a_stable_order_whatever_order_the_pool_comes_in()
    {
        Guid a = Guid.Parse("00000000-0000-0000-0000-00000000000a"), b = Guid.Parse("00000000-0000-0000-0000-00000000000b"),
            c = Guid.Parse("00000000-0000-0000-0000-00000000000c");
        var turns = Enumerable.Range(1, 7).Select(t => LeadAssignment.Pick([c, a, b], t)).ToList();
        Assert.Equal([a, b, c, a, b, c, a], turns);
        Assert.Equal(turns, Enumerable.Range(1, 7).Select(t => LeadAssignment.Pick([b, c, a], t)));
    }
}
