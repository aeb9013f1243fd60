using Bogus;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Rapport.Core.Audit;
using Rapport.Core.Common;
using Rapport.Core.Customers;
using Rapport.Core.Data;
using Rapport.Core.Privacy;
using Rapport.Core.ServiceDesk;
using Rapport.Core.Settings;

namespace Rapport.Server.Cli;

/// <summary>Realistic demo customers in English and Chinese, created through the same services users call.</summary>
internal sealed class DemoData(
    RapportDbContext db, TimeProvider clock, Guid ownerId, PiiProtector pii, IMemoryCache cache, CustomerOptions? options = null)
{
    public sealed record Counts(int Customers, int Contacts, int Interactions, int Cases = 0);

    private static readonly string[] Industries = ["Manufacturing", "Retail", "Software", "Finance", "Healthcare", "Logistics", "Education", "制造业", "零售", "金融"];
    private static readonly string[] Sources = ["Website", "Referral", "Trade show", "Cold call", "Partner", "官网", "转介绍"];
    private static readonly string[] Tags = ["VIP", "High net worth", "Key account", "Newsletter", "重点客户", "高净值"];

    public async Task<Counts> SeedAsync(int customerCount, CancellationToken ct)
    {
        Randomizer.Seed = new Random(20261122);
        var user = new SystemUser(ownerId, Roles.Administrator);
        var opts = Options.Create(options ?? new CustomerOptions());
        var settings = new SettingsService(db, cache, clock, user);
        var customers = new CustomerService(db, clock, user, opts, new AuditTrail(db, user), pii, settings);
        var contacts = new ContactService(db, user, opts, settings);
        var interactions = new InteractionService(db, clock, user);
        var cases = new CaseService(db, clock, user, Options.Create(new CaseOptions()), new DatabaseOptions(), new NoCaseReplySender());
        var en = new Faker("en");
        var zh = new Faker("zh_CN");
        int nContacts = 0, nInteractions = 0, nCases = 0;

        for (var i = 0; i < customerCount; i++)
        {
            var chinese = i % 2 == 1;
            var f = chinese ? zh : en;
            var company = i % 4 != 3;
            var input = new CustomerInput
            {
                Name = company ? (chinese ? f.Address.City() + f.PickRandom("科技", "贸易", "制造", "物流") + "有限公司" : en.Company.CompanyName()) : f.Name.FullName(),
                Kind = company ? CustomerKind.Company : CustomerKind.Individual,
                Phones = [Phone(f, chinese)],
                Emails = [en.Internet.Email().ToLowerInvariant()],
                Addresses = [chinese
                    ? new AddressDto("中国", f.Address.City(), f.Address.State(), f.Address.StreetAddress(), f.Random.Replace("######"))
                    : new AddressDto("United States", en.Address.City(), en.Address.StateAbbr(), en.Address.StreetAddress(), en.Address.ZipCode("#####"))],
                Industry = f.PickRandom(Industries),
                Source = f.PickRandom(Sources),
                Tier = f.PickRandom<ValueTier>(),
                Stage = f.PickRandom(LifecycleStage.New, LifecycleStage.Growing, LifecycleStage.Mature, LifecycleStage.Declining),
                Tags = f.Random.Bool(0.4f) ? [f.PickRandom(Tags)] : [],
                Notes = f.Random.Bool(0.3f) ? en.Lorem.Sentence() : null,
                // Individuals carry personal data, stored encrypted and shown masked.
                NationalId = company ? null : ChinaResidentId(f),
                BankAccount = company ? null : "6222" + f.Random.Replace("############"),
                DateOfBirth = company ? null : DateOnly.FromDateTime(f.Date.Past(60, DateTime.UtcNow.AddYears(-20))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            };
            var customer = await customers.CreateAsync(input, confirmDuplicate: true, ct);

            if (company)
            {
                for (var c = 0; c < f.Random.Int(1, 3); c++)
                {
                    await contacts.CreateAsync(customer.Id, new ContactInput
                    {
                        Name = f.Name.FullName(), Title = f.PickRandom("CEO", "CFO", "Purchasing Manager", "IT Director", "总经理", "采购经理"),
                        Department = f.PickRandom("Sales", "Finance", "IT", "采购部"), Phones = [Phone(f, chinese)],
                        Emails = [en.Internet.Email().ToLowerInvariant()], IsPrimary = c == 0,
                    }, ct);
                    nContacts++;
                }
            }
            for (var k = 0; k < f.Random.Int(1, 6); k++)
            {
                var kind = f.PickRandom<InteractionKind>();
                await interactions.CreateAsync(customer.Id, new InteractionInput
                {
                    Kind = kind,
                    OccurredAt = clock.GetUtcNow().UtcDateTime.AddDays(-f.Random.Int(0, 365)).AddMinutes(-f.Random.Int(0, 1440)),
                    Direction = f.PickRandom<Direction>(),
                    Subject = chinese ? f.PickRandom("电话回访", "产品演示", "报价沟通", "上门拜访", "售后跟进") : en.Hacker.Phrase(),
                    Content = en.Lorem.Paragraph(),
                    Outcome = f.Random.Bool(0.5f) ? (chinese ? "客户满意" : "Customer interested") : null,
                    DueAt = kind == InteractionKind.Task ? clock.GetUtcNow().UtcDateTime.AddDays(f.Random.Int(-5, 20)) : null,
                    Done = kind == InteractionKind.Task && f.Random.Bool(),
                }, ct);
                nInteractions++;
            }
            if (i % 3 == 0)
            {
                await SeedCaseAsync(cases, customer.Id, f, chinese, i, ct);
                nCases++;
            }
            db.ChangeTracker.Clear();
        }
        return new Counts(customerCount, nContacts, nInteractions, nCases);
    }

    /// <summary>A case with a short conversation, left in one of the states a desk sees.</summary>
    private static async Task SeedCaseAsync(CaseService cases, Guid customerId, Faker f, bool chinese, int i, CancellationToken ct)
    {
        var c = await cases.CreateAsync(new CaseInput(customerId,
            chinese ? f.PickRandom("打印机卡纸", "发票金额有误", "无法登录系统", "要求延长保修") : f.PickRandom("Printer jams on tray 2", "Invoice amount is wrong", "Cannot log in", "Extend the warranty"),
            chinese ? "客户来电反映问题，需要跟进。" : "The customer called about this; needs a follow-up.",
            f.PickRandom<CaseType>(), f.PickRandom(CaseChannel.Phone, CaseChannel.Email, CaseChannel.WebForm), f.PickRandom<CasePriority>()), ct);
        await cases.AddMessageAsync(c.Id, new CaseMessageInput(CaseMessageKind.CustomerMessage,
            chinese ? "你好，问题还是没有解决，请尽快处理。" : "Hello, this is still happening. Please help soon."), ct);
        await cases.AddMessageAsync(c.Id, new CaseMessageInput(CaseMessageKind.InternalNote,
            chinese ? "已联系技术支持，等待答复。" : "Asked second-line support; waiting for their answer."), ct);
        if (i % 2 == 0) return;
        await cases.AddMessageAsync(c.Id, new CaseMessageInput(CaseMessageKind.PublicReply,
            chinese ? "您好，我们已经安排工程师处理，明天给您答复。" : "Thanks for your patience: an engineer is on it and we will get back to you tomorrow."), ct);
        if (i % 4 == 1) await cases.ResolveAsync(c.Id, new CaseResolveInput(chinese ? "已更换配件。" : "Replaced the part."), null, ct);
        else await cases.WaitOnCustomerAsync(c.Id, null, ct);
    }

    private static string Phone(Faker f, bool chinese) => chinese
        ? "1" + f.PickRandom("38", "39", "58", "86", "36") + f.Random.ReplaceNumbers("########")
        : "+1 " + f.PickRandom("415", "650", "212", "312", "617") + " " + f.Random.Int(200, 999) + " " + f.Random.ReplaceNumbers("####");

    /// <summary>A well-formed mainland China resident ID: region, birth date, sequence and MOD 11-2 check digit.</summary>
    private static string ChinaResidentId(Faker f)
    {
        var body = f.PickRandom("110105", "310104", "440305", "330106") + f.Date.Past(50, DateTime.UtcNow.AddYears(-20)).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + f.Random.Replace("###");
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((ch, i) => (ch - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
