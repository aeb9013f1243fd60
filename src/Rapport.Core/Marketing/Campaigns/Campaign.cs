namespace Rapport.Core.Marketing.Campaigns;

/// <summary>Draft → scheduled → sending (the campaigns job is queueing its messages) → running (all queued; measuring) →
/// completed, or cancelled from any state before completion. An A/B winner going to the rest sends again.</summary>
public enum CampaignStatus { Draft, Scheduled, Sending, Running, Completed, Cancelled }

/// <summary>Where a campaign reaches people. Email and SMS send messages (and need the person's consent); the others
/// are planned and measured through their members' responses.</summary>
public enum CampaignChannel { Email, Sms, Event, Social, Advertising, Other }

/// <summary>What decides an A/B test: the share of its test members who opened, clicked or converted.</summary>
public enum AbMetric { Open, Click, Conversion }

/// <summary>An A/B test's progress: none set up, test share sent and waiting, waiting for the marketer because no
/// variant won significantly, or decided (the winner went to the rest).</summary>
public enum AbState { None, Testing, AwaitingDecision, Decided }

/// <summary>A marketing campaign: the plan (objective, channels, budget and cost, dates, owner), its email content as
/// one or more variants, an optional A/B test, and its members (<see cref="CampaignMember"/>).</summary>
public sealed class Campaign : AuditedEntity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Objective { get; set; }
    /// <summary>The channels, lower-case names separated by commas (<c>email,event</c>).</summary>
    public string Channels { get; set; } = "email";
    public required string Currency { get; set; }
    public long BudgetMinor { get; set; }
    public long ActualCostMinor { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public Guid? OwnerId { get; set; }
    /// <summary>The <c>utm_campaign</c> value of its landing links (unique); a link may also name the campaign's id.</summary>
    public string? UtmCampaign { get; set; }
    /// <summary>The app's address when the campaign was sent or scheduled: the job, which has no request, makes the
    /// tracking and unsubscribe links on it (unless <c>Notifications:PublicUrl</c> is set).</summary>
    public string? LinkBase { get; set; }
    public CampaignStatus Status { get; private set; }
    /// <summary>When a scheduled campaign goes out (the job sends it then).</summary>
    public DateTime? ScheduledAt { get; private set; }
    public DateTime? SentAt { get; private set; }

    /// <summary>Percent of the members who receive the test (0: no A/B test; the first variant goes to everyone).</summary>
    public int TestSharePercent { get; set; }
    public int TestWaitHours { get; set; } = 24;
    public AbMetric WinnerMetric { get; set; } = AbMetric.Open;
    /// <summary>The confidence the winner must reach, e.g. 0.95 (significance level 5 %).</summary>
    public double ConfidenceLevel { get; set; } = 0.95;
    public AbState AbState { get; private set; }
    public DateTime? TestSentAt { get; private set; }
    public Guid? WinnerVariantId { get; private set; }
    /// <summary>True when the marketer picked the winner (no significant difference), false when the test did.</summary>
    public bool? WinnerChosenByHand { get; private set; }

    public List<CampaignVariant> Variants { get; init; } = [];

    public const int NameMax = 200;
    public const int ObjectiveMax = 2000;
    public const int UtmMax = 100;

    public IReadOnlyList<CampaignChannel> ChannelList =>
        [.. Channels.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => Enum.Parse<CampaignChannel>(c, ignoreCase: true))];

    public bool Uses(CampaignChannel channel) => ChannelList.Contains(channel);

    public bool IsAbTest => TestSharePercent > 0 && Variants.Count >= 2;

    /// <summary>Draft → scheduled for <paramref name="at"/>.</summary>
    public void Schedule(DateTime at)
    {
        Status = Checked([CampaignStatus.Draft, CampaignStatus.Scheduled], CampaignStatus.Scheduled);
        ScheduledAt = at;
    }

    /// <summary>Draft or scheduled → sending: the campaigns job queues its messages, batch by batch.</summary>
    public void Start(DateTime now)
    {
        Status = Checked([CampaignStatus.Draft, CampaignStatus.Scheduled], CampaignStatus.Sending);
        SentAt = now;
        if (IsAbTest) (AbState, TestSentAt) = (AbState.Testing, now);
    }

    /// <summary>Sending → running: every member dealt a variant has been queued (or had no address).</summary>
    public void FinishSending() => Status = Checked([CampaignStatus.Sending], CampaignStatus.Running);

    /// <summary>Running → sending again: the A/B winner goes to the rest.</summary>
    public void ResumeSending()
    {
        if (Status != CampaignStatus.Sending) Status = Checked([CampaignStatus.Running], CampaignStatus.Sending);
    }

    public void Complete() => Status = Checked([CampaignStatus.Running], CampaignStatus.Completed);

    public void Cancel() =>
        Status = Checked([CampaignStatus.Draft, CampaignStatus.Scheduled, CampaignStatus.Sending, CampaignStatus.Running], CampaignStatus.Cancelled);

    /// <summary>The test's wait is over and no variant won significantly: the marketer decides.</summary>
    public void AwaitDecision()
    {
        if (AbState != AbState.Testing) throw RapportValidationException.For("abState", "Campaign.AbNotTesting");
        AbState = AbState.AwaitingDecision;
    }

    /// <summary>The winner goes to the rest: found significant by the test, or picked by hand after it.</summary>
    public void DecideWinner(Guid variantId, bool byHand)
    {
        if (AbState is not (AbState.Testing or AbState.AwaitingDecision)) throw RapportValidationException.For("abState", "Campaign.AbNotTesting");
        if (Variants.All(v => v.Id != variantId)) throw RapportValidationException.For("variantId", "Validation.Invalid");
        (AbState, WinnerVariantId, WinnerChosenByHand) = (AbState.Decided, variantId, byHand);
    }

    private CampaignStatus Checked(CampaignStatus[] from, CampaignStatus to) =>
        from.Contains(Status) ? to : throw RapportValidationException.For("status", "Campaign.Transition", Status, to);
}
