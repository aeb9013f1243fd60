using Rapport.Core.Customers;
using Rapport.Core.Mail;
using Rapport.Core.Marketing.Campaigns;
using Rapport.Core.Privacy;

namespace Rapport.Core.Marketing.Journeys;

/// <summary>
/// Moves the members of active journeys whose step is due, a batch at a time: each member runs steps until a wait or
/// the end. A batch is one save (one transaction): the step runs (keyed journey + customer + step, so a step can only
/// ever run once), the emails queued in the outbox (one campaign member per email step and customer — the same key),
/// the tasks and tags are written together or not at all, so a crash mid-batch repeats nothing. An email step stops the
/// member when marketing-email consent for their address no longer holds (and the outbox checks it again when it sends).
/// </summary>
public sealed class JourneyRunner(RapportDbContext db, TimeProvider clock, MailService mail, ICampaignLinks links, IConsentLinks consent, ConsentGate gate)
{
    public const int BatchSize = 500;

    /// <summary>One run of the job: every due member moved. Returns how many members were moved.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var moved = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var batch = await db.JourneyMembers
                .Where(m => m.State == JourneyMemberState.Active && m.NextRunAt <= now && db.Journeys.Any(j => j.Id == m.JourneyId && j.Status == JourneyStatus.Active))
                .OrderBy(m => m.NextRunAt).ThenBy(m => m.JourneyId).ThenBy(m => m.CustomerId).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) return moved;
            await new Batch(db, mail, links, consent, gate, batch, now).RunAsync(ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            moved += batch.Count;
        }
    }

    /// <summary>What one batch needs, read with a few queries up front: the journeys, the customers, consent, what the
    /// members did with the journeys' emails, and their tags.</summary>
    private sealed class Batch(
        RapportDbContext db, MailService mail, ICampaignLinks links, IConsentLinks consent, ConsentGate gate, List<JourneyMember> members, DateTime now)
    {
        private Dictionary<Guid, Journey> _journeys = [];
        private Dictionary<Guid, Campaign> _campaigns = [];
        private Dictionary<Guid, (string Name, string Number, Guid? OwnerId, bool Deleted)> _customers = [];
        private IReadOnlySet<string> _refused = new HashSet<string>();
        private Dictionary<(Guid Campaign, Guid Customer), (bool Opened, bool Clicked)> _emails = [];
        private Dictionary<Guid, List<string>> _tags = [];
        private readonly Dictionary<(Guid, string), CampaignTemplate.Compiled> _compiled = [];

        public async Task RunAsync(CancellationToken ct)
        {
            var journeyIds = members.Select(m => m.JourneyId).Distinct().ToList();
            var customerIds = members.Select(m => m.CustomerId).Distinct().ToList();
            _journeys = await db.Journeys.AsNoTracking().Include(j => j.Steps).Where(j => journeyIds.Contains(j.Id)).ToDictionaryAsync(j => j.Id, ct);
            var campaignIds = _journeys.Values.SelectMany(j => j.Steps).Where(s => s.CampaignId != null).Select(s => s.CampaignId!.Value).ToList();
            _campaigns = await db.Campaigns.AsNoTracking().Include(c => c.Variants).Where(c => campaignIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            _customers = await db.Customers.IgnoreQueryFilters().Where(c => customerIds.Contains(c.Id))
                .Select(c => new { c.Id, c.Name, c.Number, c.OwnerId, Deleted = c.DeletedAt != null })
                .ToDictionaryAsync(c => c.Id, c => (c.Name, c.Number, c.OwnerId, c.Deleted), ct);
            _refused = await gate.RefusedAsync([.. members.Where(m => m.Email != null).Select(m => m.Email!).Distinct(StringComparer.Ordinal)], ConsentPurpose.MarketingEmail, ct);
            _emails = await db.CampaignMembers.Where(m => campaignIds.Contains(m.CampaignId) && customerIds.Contains(m.CustomerId))
                .Select(m => new { m.CampaignId, m.CustomerId, Opened = m.OpenedAt != null, Clicked = m.ClickedAt != null })
                .ToDictionaryAsync(m => (m.CampaignId, m.CustomerId), m => (m.Opened, m.Clicked), ct);
            _tags = (await db.CustomerTags.AsNoTracking().Where(t => customerIds.Contains(t.CustomerId)).ToListAsync(ct))
                .GroupBy(t => t.CustomerId).ToDictionary(g => g.Key, g => g.Select(t => t.Name).ToList());
            foreach (var member in members) Walk(member);
        }

        /// <summary>Runs the member's steps from the one due until a wait or the end. Branches only jump forward, so this ends.</summary>
        private void Walk(JourneyMember m)
        {
            var journey = _journeys[m.JourneyId];
            if (!_customers.TryGetValue(m.CustomerId, out var customer) || customer.Deleted)
            {
                m.End(now, JourneyMemberState.Stopped, "customer-deleted");
                return;
            }
            while (m.State == JourneyMemberState.Active)
            {
                if (journey.Steps.FirstOrDefault(s => s.Number == m.Step) is not { } step)
                {
                    m.End(now, JourneyMemberState.Done);
                    return;
                }
                if (step.Kind == JourneyStepKind.Email && (m.Email is null || _refused.Contains(m.Email)))
                {
                    m.End(now, JourneyMemberState.Stopped, "no-consent");
                    return;
                }
                db.JourneyStepRuns.Add(new JourneyStepRun { JourneyId = m.JourneyId, CustomerId = m.CustomerId, Step = step.Number, RanAt = now });
                m.Step++;
                switch (step.Kind)
                {
                    case JourneyStepKind.Email:
                        Send(m, step, customer.Name, customer.Number);
                        break;
                    case JourneyStepKind.Wait:
                        m.NextRunAt = now.AddHours(step.WaitHours ?? 0);
                        return;
                    case JourneyStepKind.Branch:
                        var did = m.LastCampaignId is { } last && _emails.TryGetValue((last, m.CustomerId), out var e)
                            && (step.Condition == JourneyCondition.Clicked ? e.Clicked : e.Opened);
                        m.Step = (did ? step.Then : step.Else) ?? m.Step;
                        break;
                    case JourneyStepKind.Task:
                        db.Interactions.Add(new Interaction
                        {
                            CustomerId = m.CustomerId, Kind = InteractionKind.Task, Subject = step.TaskSubject!, OccurredAt = now,
                            DueAt = now.AddDays(step.TaskDueDays ?? 1), CreatedById = customer.OwnerId ?? journey.OwnerId,
                        });
                        break;
                    case JourneyStepKind.AddTag:
                        var tags = Tags(m.CustomerId);
                        if (!tags.Contains(step.Tag!, StringComparer.OrdinalIgnoreCase))
                        {
                            tags.Add(step.Tag!);
                            db.CustomerTags.Add(new CustomerTag { CustomerId = m.CustomerId, Name = step.Tag! });
                        }
                        break;
                    case JourneyStepKind.RemoveTag:
                        var have = Tags(m.CustomerId);
                        foreach (var name in have.Where(t => string.Equals(t, step.Tag, StringComparison.OrdinalIgnoreCase)).ToList())
                        {
                            have.Remove(name);
                            db.CustomerTags.Remove(new CustomerTag { CustomerId = m.CustomerId, Name = name });
                        }
                        break;
                    default:
                        m.End(now, JourneyMemberState.Done);
                        return;
                }
            }
        }

        private List<string> Tags(Guid customerId) => _tags.TryGetValue(customerId, out var tags) ? tags : _tags[customerId] = [];

        /// <summary>The step's email to the member, queued in the outbox with their campaign member row in the same save —
        /// unless that row exists already (the step's email went to them before).</summary>
        private void Send(JourneyMember m, JourneyStep step, string name, string number)
        {
            if (step.CampaignId is not { } campaignId || !_campaigns.TryGetValue(campaignId, out var c) || c.Variants.Count == 0) return;
            m.LastCampaignId = campaignId;
            if (!_emails.TryAdd((campaignId, m.CustomerId), (false, false))) return;
            var variant = c.Variants[0];
            var member = new CampaignMember { CampaignId = campaignId, CustomerId = m.CustomerId, Email = m.Email, VariantId = variant.Id, AddedAt = now };
            db.CampaignMembers.Add(member);
            var language = CampaignTemplate.LanguageFor(name, variant);
            if (!_compiled.TryGetValue((variant.Id, language), out var template)) _compiled[(variant.Id, language)] = template = CampaignTemplate.Compile(variant, language);
            var unsubscribe = consent.UnsubscribeUrl(m.Email!, ConsentPurpose.MarketingEmail);
            if (unsubscribe.StartsWith('/') && c.LinkBase is { } site) unsubscribe = site + unsubscribe;
            var email = CampaignTemplate.Render(template, new MergeFields(name, number, c.Name, unsubscribe),
                link => links.ClickUrl(campaignId, m.CustomerId, variant.Id, template.Language, link, c.LinkBase), links.OpenUrl(campaignId, m.CustomerId, variant.Id, c.LinkBase));
            try
            {
                var message = mail.Enqueue(new OutgoingMail([m.Email!], email.Subject, email.Text, email.Html, FromName: variant.FromName,
                    Headers: new Dictionary<string, string> { ["List-Unsubscribe"] = $"<{unsubscribe}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" },
                    Purpose: CampaignSender.MailPurpose, Correlation: CampaignSender.Correlation(campaignId, m.CustomerId)));
                member.MarkSent(now, message.Id);
            }
            catch (RapportValidationException)
            {
                member.Fail("The address or the rendered message was refused by the outbox.");
            }
        }
    }
}
