using Rapport.Core.Mail;
using Rapport.Core.Privacy;

namespace Rapport.Core.Marketing.Campaigns;

/// <summary>
/// Sends campaigns as a job: "send" deals the variants (the A/B test share picked at random) and marks the campaign
/// sending; the campaigns job, woken at once, renders each member's email (their language, their fields, signed
/// tracking links, a one-click unsubscribe) and queues it in the durable outbox batch by batch, each message due one
/// throttling interval after the one before. A batch's messages and its members' sent state are saved together, and
/// the outbox holds one campaign message per member (a unique key), so a run stopped by a crash resumes with the
/// members not yet queued and never queues one twice. The outbox checks consent again when it sends, so a withdrawal
/// made after queueing still stops the message. After the test's wait the job sends the winner to the rest when the
/// difference is significant; otherwise the marketer picks.
/// </summary>
public sealed class CampaignSender(
    RapportDbContext db, ICurrentUser user, TimeProvider clock, MailService mail, ICampaignLinks links, IConsentLinks consent,
    ISmsProvider sms, IOptions<CampaignOptions> options)
{
    public const string MailPurpose = "campaign";
    private static readonly SemaphoreSlim Pending = new(0, 1);

    public static string Correlation(Guid campaignId, Guid customerId) => $"campaign:{campaignId}:{customerId}";

    /// <summary>Wakes the campaigns job: a campaign is waiting to be sent.</summary>
    public static void Signal()
    {
        if (Pending.CurrentCount == 0)
        {
            try { Pending.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    /// <summary>Completes at the next <see cref="Signal"/>.</summary>
    public static Task WaitForWorkAsync(CancellationToken ct) => Pending.WaitAsync(ct);

    /// <summary>Sends now: to everyone, or — with an A/B test — to the test share, split evenly among the variants. The
    /// campaign is sending when this returns; the job queues the messages (<see cref="CampaignDto.Dispatched"/>).</summary>
    public Task<CampaignDto> SendAsync(Guid id, long? expectedVersion, CancellationToken ct) => SendAsync(id, expectedVersion, null, ct);

    /// <param name="linkBase">The app's address as the caller sees it (a page has no request to take it from).</param>
    public async Task<CampaignDto> SendAsync(Guid id, long? expectedVersion, string? linkBase, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Campaigns.Include(x => x.Variants), id, Permissions.CampaignsSend, expectedVersion, ct);
        c.LinkBase = links.CurrentBase ?? linkBase ?? c.LinkBase;
        await StartAsync(c, ct);
        Signal();
        return await DtoAsync(id, ct);
    }

    private async Task StartAsync(Campaign c, CancellationToken ct)
    {
        CampaignService.RequireContent(c);
        if (!await db.CampaignMembers.AnyAsync(m => m.CampaignId == c.Id && m.Status == MemberStatus.Targeted, ct))
            throw RapportValidationException.For("members", "Campaign.NoMembers");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        c.Start(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        if (c.IsAbTest) await AssignTestAsync(c, ct);
        else if (c.Variants.Count > 0) await AssignRestAsync(c.Id, c.Variants.OrderBy(v => v.Label).First().Id, ct);
        else await AssignRestAsync(c.Id, null, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The marketer's pick after a test that found no significant winner (or before its wait is over): the
    /// variant goes to the rest now.</summary>
    public async Task<CampaignDto> ChooseWinnerAsync(Guid id, CampaignWinnerInput input, long? expectedVersion, CancellationToken ct)
    {
        var c = await user.FindToChangeAsync(db.Campaigns.Include(x => x.Variants), id, Permissions.CampaignsSend, expectedVersion, ct);
        await WinnerToTheRestAsync(c, input.VariantId, byHand: true, ct);
        Signal();
        return await DtoAsync(id, ct);
    }

    /// <summary>One variant rendered for a sample recipient and sent to <see cref="CampaignTestSendInput.To"/> through
    /// the outbox (its links work, nothing is recorded for them).</summary>
    public Task<OutboxMessageDto> TestSendAsync(Guid id, CampaignTestSendInput input, CancellationToken ct) => TestSendAsync(id, input, null, ct);

    /// <param name="linkBase">The app's address as the caller sees it (a page has no request to take it from).</param>
    public async Task<OutboxMessageDto> TestSendAsync(Guid id, CampaignTestSendInput input, string? linkBase, CancellationToken ct)
    {
        var c = await user.FindToReadAsync(db.Campaigns.Include(x => x.Variants), id, Permissions.CampaignsSend, ct);
        var to = ContactPoints.NormalizeEmail(input.To) ?? throw RapportValidationException.For("to", "Validation.Email");
        var variant = (input.VariantId is { } vid ? c.Variants.FirstOrDefault(v => v.Id == vid) : c.Variants.OrderBy(v => v.Label).FirstOrDefault())
            ?? throw RapportValidationException.For("variantId", "Campaign.NoContent");
        var language = input.Language == "zh" && variant.SubjectZh is not null ? "zh" : "en";
        var email = Render(c, variant, CampaignTemplate.Compile(variant, language), Guid.Empty, "", "", to, links.CurrentBase ?? linkBase ?? c.LinkBase);
        return await mail.EnqueueAsync(new OutgoingMail([to], "[Test] " + email.Subject, email.Text, email.Html, FromName: variant.FromName,
            Purpose: "test", Correlation: $"campaign-test:{c.Id}"), ct);
    }

    private async Task WinnerToTheRestAsync(Campaign c, Guid winner, bool byHand, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        c.DecideWinner(winner, byHand);
        if (c.Status is CampaignStatus.Running or CampaignStatus.Sending) c.ResumeSending();
        await db.SaveChangesAsync(ct);
        await AssignRestAsync(c.Id, winner, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The job's run: scheduled campaigns whose time has come start, A/B tests whose wait is over are
    /// decided — by significance, or handed to the marketer — and every sending campaign's members not yet queued are
    /// queued. Returns how many campaigns it moved.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var moved = 0;
        foreach (var id in await db.Campaigns.Where(c => c.Status == CampaignStatus.Scheduled && c.ScheduledAt <= now).Select(c => c.Id).ToListAsync(ct))
        {
            var c = await db.Campaigns.Include(x => x.Variants).FirstAsync(x => x.Id == id, ct);
            try
            {
                await StartAsync(c, ct);
            }
            catch (RapportValidationException)
            {
                // Nobody to send to (or no content) at its time: the campaign waits, as scheduled, for the marketer.
                db.ChangeTracker.Clear();
                continue;
            }
            moved++;
        }
        foreach (var id in await db.Campaigns.Where(c => c.AbState == AbState.Testing).Select(c => c.Id).ToListAsync(ct))
        {
            var c = await db.Campaigns.Include(x => x.Variants).FirstAsync(x => x.Id == id, ct);
            if (c.TestSentAt!.Value.AddHours(c.TestWaitHours) > now) continue;
            var results = await CampaignService.ResultsOfAsync(db, c, ct);
            if (results.Comparison is { Significant: true } win)
            {
                await WinnerToTheRestAsync(c, c.Variants.Single(v => v.Label == win.Leader).Id, byHand: false, ct);
            }
            else
            {
                c.AwaitDecision();
                await db.SaveChangesAsync(ct);
            }
            moved++;
        }
        foreach (var id in await db.Campaigns.Where(c => c.Status == CampaignStatus.Sending).OrderBy(c => c.SentAt).Select(c => c.Id).ToListAsync(ct))
        {
            db.ChangeTracker.Clear();
            if (!await DispatchAsync(id, ct)) continue;
            var c = await db.Campaigns.FirstAsync(x => x.Id == id, ct);
            if (c.Status != CampaignStatus.Sending) continue;
            c.FinishSending();
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another run (the woken job while someone runs it by hand, as the demo's seeding does) queued the last
                // members too and finished the campaign first.
                db.ChangeTracker.Clear();
                continue;
            }
            moved++;
        }
        return moved;
    }

    /// <summary>Takes back a cancelled campaign's messages still waiting in the outbox (throttled ones may wait for
    /// minutes): they are deleted and their members are targeted again, never sent.</summary>
    internal static async Task WithdrawQueuedAsync(RapportDbContext db, Guid campaignId, CancellationToken ct)
    {
        var prefix = $"campaign:{campaignId}:";
        var queued = db.OutboxMessages.Where(o => o.Purpose == MailPurpose && o.State == OutboxState.Queued && o.Correlation!.StartsWith(prefix));
        await db.CampaignMembers.Where(m => m.CampaignId == campaignId && m.Status == MemberStatus.Sent && queued.Any(o => o.Id == m.MessageId))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MemberStatus.Targeted).SetProperty(m => m.SentAt, (DateTime?)null)
                .SetProperty(m => m.MessageId, (Guid?)null), ct);
        await queued.ExecuteDeleteAsync(ct);
    }

    /// <summary>The test share, picked at random by the database, dealt to the variants in turn.</summary>
    private async Task AssignTestAsync(Campaign c, CancellationToken ct)
    {
        var targeted = db.CampaignMembers.Where(m => m.CampaignId == c.Id && m.Status == MemberStatus.Targeted && m.VariantId == null);
        var total = await targeted.CountAsync(ct);
        var variants = c.Variants.OrderBy(v => v.Label).Select(v => v.Id).ToList();
        var size = Math.Min(total, Math.Max(variants.Count, (int)Math.Round(total * c.TestSharePercent / 100.0, MidpointRounding.AwayFromZero)));
        var picked = await targeted.OrderBy(_ => EF.Functions.Random()).Select(m => m.CustomerId).Take(size).ToListAsync(ct);
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            foreach (var chunk in picked.Where((_, n) => n % variants.Count == i).Chunk(1000))
                await db.CampaignMembers.Where(m => m.CampaignId == c.Id && chunk.Contains(m.CustomerId))
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.VariantId, variant).SetProperty(m => m.InTest, true), ct);
        }
    }

    private Task AssignRestAsync(Guid campaignId, Guid? variantId, CancellationToken ct) =>
        db.CampaignMembers.Where(m => m.CampaignId == campaignId && m.Status == MemberStatus.Targeted && m.VariantId == null && !m.InTest)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.VariantId, variantId), ct);

    /// <summary>Queues the messages of every member dealt a variant and not yet sent, batch by batch, while the campaign
    /// is sending (a cancel stops it before the next batch). True when no member is left to queue.</summary>
    private async Task<bool> DispatchAsync(Guid campaignId, CancellationToken ct)
    {
        var c = await db.Campaigns.AsNoTracking().Include(x => x.Variants).FirstAsync(x => x.Id == campaignId, ct);
        var (email, text) = (c.Uses(CampaignChannel.Email), c.Uses(CampaignChannel.Sms));
        var o = options.Value;
        var interval = TimeSpan.FromMinutes(1.0 / o.MessagesPerMinute);
        var start = clock.GetUtcNow().UtcDateTime;
        var compiled = new Dictionary<(Guid, string), CampaignTemplate.Compiled>();
        var index = 0;
        while (true)
        {
            if (!await db.Campaigns.AnyAsync(x => x.Id == campaignId && x.Status == CampaignStatus.Sending, ct)) return false;
            var now = clock.GetUtcNow().UtcDateTime;
            var batch = await db.CampaignMembers.Where(m => m.CampaignId == campaignId && m.Status == MemberStatus.Targeted && (m.VariantId != null || !email))
                .OrderBy(m => m.CustomerId).Take(o.BatchSize)
                .Join(db.Customers.IgnoreQueryFilters(), m => m.CustomerId, x => x.Id, (m, x) => new { Member = m, x.Name, x.Number })
                .ToListAsync(ct);
            if (batch.Count == 0) return true;
            foreach (var row in batch)
            {
                var m = row.Member;
                if (email && m.Email is not null && c.Variants.FirstOrDefault(v => v.Id == m.VariantId) is { } variant)
                {
                    var language = CampaignTemplate.LanguageFor(row.Name, variant);
                    if (!compiled.TryGetValue((variant.Id, language), out var template))
                        compiled[(variant.Id, language)] = template = CampaignTemplate.Compile(variant, language);
                    var rendered = Render(c, variant, template, m.CustomerId, row.Name, row.Number, m.Email, c.LinkBase);
                    var unsubscribe = Absolute(consent.UnsubscribeUrl(m.Email, ConsentPurpose.MarketingEmail), c.LinkBase);
                    try
                    {
                        var message = mail.Enqueue(new OutgoingMail([m.Email], rendered.Subject, rendered.Text, rendered.Html, FromName: variant.FromName,
                            Headers: new Dictionary<string, string>
                            {
                                ["List-Unsubscribe"] = $"<{unsubscribe}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
                            },
                            Purpose: MailPurpose, Correlation: Correlation(c.Id, m.CustomerId)));
                        message.NextAttemptAt = start + interval * index++;
                        m.MarkSent(now, message.Id);
                    }
                    catch (RapportValidationException)
                    {
                        m.Fail("The address or the rendered message was refused by the outbox.");
                    }
                }
                else if (text && m.Phone is not null && c.Variants.FirstOrDefault(v => v.Id == m.VariantId) is var smsVariant)
                {
                    var body = smsVariant is null ? c.Name : CampaignTemplate.Render(CampaignTemplate.Compile(smsVariant, CampaignTemplate.LanguageFor(row.Name, smsVariant)),
                        new MergeFields(row.Name, row.Number, c.Name, "")).Text;
                    await sms.SendAsync(m.Phone, body, ct);
                    m.MarkSent(now, null);
                }
                else m.Fail("No address for the campaign's channel.");
            }
            // First touch, before the batch is saved (so a crash in between repeats it harmlessly on the resume).
            var reached = batch.Where(r => r.Member.Status == MemberStatus.Sent).Select(r => r.Member.CustomerId).ToList();
            await db.Customers.IgnoreQueryFilters().Where(x => reached.Contains(x.Id) && x.FirstCampaignId == null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.FirstCampaignId, campaignId), ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
            {
                // Another run (another node's job, or a run started by hand) queued these members first: the unique
                // outbox key refused the second copy and this whole batch rolled back. Leave the rest to that run.
                db.ChangeTracker.Clear();
                return false;
            }
            db.ChangeTracker.Clear();
        }
    }

    private RenderedEmail Render(Campaign c, CampaignVariant variant, CampaignTemplate.Compiled template, Guid customerId, string name, string number, string address,
        string? linkBase) =>
        CampaignTemplate.Render(template, new MergeFields(name, number, c.Name, Absolute(consent.UnsubscribeUrl(address, ConsentPurpose.MarketingEmail), linkBase)),
            link => links.ClickUrl(c.Id, customerId, variant.Id, template.Language, link, linkBase), links.OpenUrl(c.Id, customerId, variant.Id, linkBase));

    /// <summary>A link made by the job (no request to take the address from) on the address remembered at sending.</summary>
    private static string Absolute(string url, string? linkBase) => url.StartsWith('/') && linkBase is not null ? linkBase + url : url;

    private async Task<CampaignDto> DtoAsync(Guid id, CancellationToken ct)
    {
        var c = await db.Campaigns.AsNoTracking().Include(x => x.Variants).FirstAsync(x => x.Id == id, ct);
        return CampaignService.ToDto(c, (await CampaignService.CountsAsync(db, [id], ct)).GetValueOrDefault(id));
    }
}
