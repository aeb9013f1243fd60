using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Marketing.Classification;
using Rapport.Core.Marketing.Journeys;
using Rapport.Core.Marketing.Segments;
using Rapport.Core.Reports;
using Rapport.Core.Settings;

namespace Rapport.Server.Cli.Demo;

/// <summary>
/// Marketing, as the company's marketer (陈静) would have done it: the classification's thresholds and last night's
/// run; three segments; a campaign with an A/B test sent a month ago — opened and clicked, the winner sent to the rest,
/// completed — and a draft for the next one; and a journey running for the campaign's readers since ten days ago (the
/// journey job ran on the days it would have). Opens and clicks go through the campaign's own tracking.
/// </summary>
internal sealed class DemoMarketing : IDemoPart
{
    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        var marketer = await world.AsAsync(world.People.Marketing, ct);
        await ClassifyAsync(world, marketer, ct);
        await SegmentsAsync(world, marketer, ct);
        var launch = await LaunchAsync(world, marketer, ct);
        await DraftAsync(world, marketer, ct);
        await JourneyAsync(world, marketer, launch, ct);
        marketer.Forget();
    }

    private static async Task ClassifyAsync(DemoWorld world, DemoActor marketer, CancellationToken ct)
    {
        world.At(world.DaysAgo(1));
        await marketer.Get<SettingsService>().SaveAsync(ClassificationSettings.Defaults with
        {
            Scoring = ClassificationSettings.Thresholds,
            FrequencyCounts = [1, 2, 3, 5],
            MonetaryAmounts = [5_000m, 20_000m, 50_000m, 150_000m],
            TagRules = [new TagRule("vip", SegmentRule.When("tier", "eq", "high"))],
        }, ct, Permissions.ClassificationManage);
        await marketer.Get<ClassificationService>().RecomputeAsync(byUser: true, ct);
        world.Count("classification runs");
    }

    private static async Task SegmentsAsync(DemoWorld world, DemoActor marketer, CancellationToken ct)
    {
        var segments = marketer.Get<SegmentService>();
        foreach (var (name, description, rule) in new[]
                 {
                     ("High-value active · 高价值活跃客户", "Medium and high tier customers who bought or talked to us lately",
                         SegmentRule.All(SegmentRule.When("tier", "in", null, "high", "medium"), SegmentRule.When("behaviour", "eq", "active"))),
                     ("Dormant in China · 中国沉睡客户", "Chinese customers gone quiet: the spring reactivation list",
                         SegmentRule.All(SegmentRule.When("country", "eq", "中国"), SegmentRule.When("behaviour", "in", null, "dormant", "potential", "churned"))),
                     ("Churn risk · 流失风险", "Dormant or churned, or in a declining lifecycle stage",
                         SegmentRule.Any(SegmentRule.When("behaviour", "in", null, "dormant", "churned"), SegmentRule.When("stage", "eq", "declining"))),
                 })
        {
            await segments.CreateAsync(new SegmentInput(name, description, rule, Shares: [new(ShareKind.Role, Roles.SalesManager, ReportAccess.View)]), ct);
            world.Count("segments");
        }
        marketer.Forget();
    }

    /// <summary>Sending is the campaigns job's, which a send wakes: run it here until the campaign is queued (the woken job
    /// may be queueing it at the same time; the outbox's unique key lets only one of them queue each member).</summary>
    private static async Task QueuedAsync(CampaignSender sender, RapportDbContext db, Guid id, CancellationToken ct)
    {
        for (var i = 0; await db.Campaigns.AsNoTracking().Where(x => x.Id == id).Select(x => x.Status).FirstAsync(ct) == CampaignStatus.Sending; i++)
        {
            if (i == 100) throw new InvalidOperationException("The demo campaign was not queued.");
            await sender.RunDueAsync(ct);
        }
    }

    /// <summary>The spring launch: two subject lines to half the list, the better one (by clicks) to the rest, completed.</summary>
    private static async Task<Guid> LaunchAsync(DemoWorld world, DemoActor marketer, CancellationToken ct)
    {
        var campaigns = marketer.Get<CampaignService>();
        var sender = marketer.Get<CampaignSender>();
        var sentAt = world.At(world.DaysAgo(30));
        var c = await campaigns.CreateAsync(new CampaignInput("Spring launch · 春季新品发布", "Win back quiet customers with the spring release", [CampaignChannel.Email], "CNY",
            20_000m, 12_500m, DateOnly.FromDateTime(sentAt), DateOnly.FromDateTime(sentAt.AddDays(14)), TestSharePercent: 50, TestWaitHours: 24,
            WinnerMetric: AbMetric.Click), ct);
        await campaigns.SetContentAsync(c.Id, new CampaignContentInput(
        [
            Variant("Spring is here: the new release for {{ customer.name | default: \"you\" }}", "春季新品，为{{ customer.name }}准备"),
            Variant("{{ customer.name | default: \"Hello\" }}, 20% off the spring release this week", "{{ customer.name }}，春季新品本周八折"),
        ]), null, ct);
        await campaigns.AddMembersAsync(c.Id, new AddMembersInput(CustomerIds: [.. world.Customers.Select(x => x.Id)]), ct);
        await sender.SendAsync(c.Id, null, ct);
        await QueuedAsync(sender, marketer.Db, c.Id, ct);
        await EngageAsync(world, marketer, c.Id, ct);

        world.At(sentAt.AddDays(1).AddHours(1));
        await sender.RunDueAsync(ct);
        var after = await campaigns.GetAsync(c.Id, ct);
        if (after.AbState == AbState.AwaitingDecision)
        {
            var results = await campaigns.ResultsAsync(c.Id, ct);
            var best = results.Variants.OrderByDescending(v => v.TestRecipients == 0 ? 0 : (double)v.Clicked / v.TestRecipients).First();
            await sender.ChooseWinnerAsync(c.Id, new CampaignWinnerInput(best.VariantId), null, ct);
        }
        await QueuedAsync(sender, marketer.Db, c.Id, ct); // the rest of the list, for the winner
        await EngageAsync(world, marketer, c.Id, ct);
        var member = await marketer.Db.CampaignMembers.AsNoTracking().Where(m => m.CampaignId == c.Id && m.ClickedAt != null).Select(m => m.CustomerId).FirstOrDefaultAsync(ct);
        if (member != Guid.Empty) await campaigns.RespondAsync(c.Id, member, new MemberResponseInput(true), ct);
        world.At(sentAt.AddDays(15));
        await campaigns.CompleteAsync(c.Id, null, ct);
        world.Count("campaigns");
        marketer.Forget();
        return c.Id;
    }

    private static CampaignVariantInput Variant(string subject, string subjectZh) => new(subject,
        "Hello {{ customer.name | default: \"there\" }},\n\nOur spring release is out: https://starsoft.example.com/spring\n\nUnsubscribe: {{ unsubscribe_url }}",
        "<p>Hello {{ customer.name | default: \"there\" }},</p><p>Our spring release is out. <a href=\"https://starsoft.example.com/spring\">See what is new</a></p>",
        subjectZh, "{{ customer.name }}，您好：\n\n春季新品已发布：https://starsoft.example.com/cn/spring\n\n退订：{{ unsubscribe_url }}",
        "<p>{{ customer.name }}，您好：</p><p>春季新品已发布。<a href=\"https://starsoft.example.com/cn/spring\">查看详情</a></p>", "星辰软件 StarSoft");

    /// <summary>The messages sent and not yet opened: three in four of one variant's readers open it, one in three of the
    /// other's, and every other opener clicks — through the tracking links the recipients would have followed.</summary>
    private static async Task EngageAsync(DemoWorld world, DemoActor marketer, Guid campaignId, CancellationToken ct)
    {
        var links = world.App.GetRequiredService<ICampaignLinks>();
        var tracking = marketer.Get<CampaignTracking>();
        var sent = await marketer.Db.CampaignMembers.AsNoTracking()
            .Where(m => m.CampaignId == campaignId && m.SentAt != null && m.OpenedAt == null && m.VariantId != null)
            .OrderBy(m => m.CustomerId).Select(m => new { m.CustomerId, Variant = m.VariantId!.Value }).ToListAsync(ct);
        var better = sent.Count == 0 ? Guid.Empty : sent.Max(s => s.Variant);
        var opened = 0;
        for (var i = 0; i < sent.Count; i++)
        {
            var (customer, variant) = (sent[i].CustomerId, sent[i].Variant);
            if (variant == better ? i % 4 == 3 : i % 3 != 0) continue;
            if (opened++ % 2 == 0) await tracking.ClickAsync(Token(links.ClickUrl(campaignId, customer, variant, "en", 0)), ct);
            else await tracking.OpenAsync(Token(links.OpenUrl(campaignId, customer, variant)), ct);
        }
    }

    private static string Token(string url) => url[(url.LastIndexOf('/') + 1)..];

    private static async Task DraftAsync(DemoWorld world, DemoActor marketer, CancellationToken ct)
    {
        var campaigns = marketer.Get<CampaignService>();
        world.At(world.DaysAgo(2));
        var c = await campaigns.CreateAsync(new CampaignInput("Double 11 pre-sale · 双十一预售", "Early orders from the high-value list", [CampaignChannel.Email], "CNY", 30_000m), ct);
        await campaigns.SetContentAsync(c.Id, new CampaignContentInput([Variant("Double 11: early prices for {{ customer.name | default: \"you\" }}", "双十一预售：{{ customer.name }}专享早鸟价")]), null, ct);
        world.Count("campaigns");
        marketer.Forget();
    }

    /// <summary>A follow-up journey for the launch's readers: thanks, three days, then a tag and a call for those who
    /// clicked, a reminder (and a last one in two weeks) for the rest. The job ran on its days.</summary>
    private static async Task JourneyAsync(DemoWorld world, DemoActor marketer, Guid launch, CancellationToken ct)
    {
        var journeys = marketer.Get<JourneyService>();
        var runner = marketer.Get<JourneyRunner>();
        var started = world.At(world.DaysAgo(10));
        var j = await journeys.CreateAsync(new JourneyInput("Spring follow-up · 春季跟进", CampaignId: launch, Steps:
        [
            new(JourneyStepKind.Email, Variant("Thanks for reading, {{ customer.name | default: \"friend\" }}", "感谢关注，{{ customer.name }}")),
            new(JourneyStepKind.Wait, WaitHours: 72),
            new(JourneyStepKind.Branch, Condition: JourneyCondition.Clicked, Then: 4, Else: 7),
            new(JourneyStepKind.AddTag, Tag: "warm-lead"),
            new(JourneyStepKind.Task, TaskSubject: "Call: interested in the spring release · 致电：对春季新品感兴趣", TaskDueDays: 2),
            new(JourneyStepKind.End),
            new(JourneyStepKind.Email, Variant("Still thinking about the spring release?", "还在考虑春季新品吗？")),
            new(JourneyStepKind.Wait, WaitHours: 24 * 14),
            new(JourneyStepKind.Email, Variant("Last chance: spring prices end soon", "最后机会：春季优惠即将结束")),
        ]), ct);
        await journeys.ActivateAsync(j.Id, null, ct);
        await runner.RunDueAsync(ct);
        var first = (await journeys.GetAsync(j.Id, ct)).Steps[0].CampaignId;
        if (first is { } campaign) await EngageAsync(world, marketer, campaign, ct);
        world.At(started.AddDays(3).AddHours(2));
        await runner.RunDueAsync(ct);
        world.Count("journeys");
        marketer.Forget();
    }
}
