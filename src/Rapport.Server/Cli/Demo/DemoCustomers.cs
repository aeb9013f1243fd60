using Bogus;
using Rapport.Core.Customers;

namespace Rapport.Server.Cli.Demo;

/// <summary>Customers (half English, half Chinese; companies and individuals with encrypted personal data), their
/// contacts and a timeline of calls, visits, notes and tasks, created by their sales representatives (and the service
/// agent) over the past year.</summary>
internal sealed class DemoCustomers : IDemoPart
{
    // Stored by their keys in either language: the screens show them in the reader's (ReferenceText).
    private static readonly string[] Industries = ["Manufacturing", "Retail", "Software", "Finance", "Healthcare", "Logistics", "Education"];
    private static readonly string[] Sources = ["Website", "Referral", "Trade show", "Cold call", "Partner"];
    private static readonly string[] TagsEn = ["VIP", "High net worth", "Key account", "Newsletter"];
    private static readonly string[] TagsZh = ["重点客户", "高净值", "战略客户", "订阅简报"];

    /// <summary>What happens on a timeline, by kind: subjects and a line of content, in each language.</summary>
    private static readonly Dictionary<InteractionKind, (string[] En, string[] Zh)> Subjects = new()
    {
        [InteractionKind.Call] = (["Intro call", "Pricing follow-up", "Check-in with the buyer"], ["初次电话沟通", "报价跟进", "客户回访"]),
        [InteractionKind.Email] = (["Sent the product overview", "Proposal follow-up", "Shared the case study"], ["发送产品介绍", "方案跟进邮件", "发送成功案例"]),
        [InteractionKind.Meeting] = (["Product demo", "Quarterly business review", "Workshop on requirements"], ["产品演示", "季度业务回顾", "需求调研会"]),
        [InteractionKind.Visit] = (["On-site visit", "Visit to the new warehouse"], ["上门拜访", "参观新仓库"]),
        [InteractionKind.Chat] = (["Quick question about seats", "Chat about the renewal"], ["微信咨询席位数量", "微信沟通续约"]),
        [InteractionKind.Social] = (["Commented on our LinkedIn post"], ["在公众号文章下留言"]),
        [InteractionKind.Note] = (["Budget approved for next quarter", "The CFO decides"], ["下季度预算已批", "决策人是财务总监"]),
        [InteractionKind.Task] = (["Send the revised quote", "Book the on-site demo", "Call about the renewal"], ["发送修订后的报价", "预约上门演示", "电话沟通续约"]),
    };

    private static readonly string[] ContentEn =
    [
        "They want to roll out to the sales team first and the service desk later.",
        "Asked for references in their industry; sent two.",
        "Happy with the pilot; the IT director wants single sign-on.",
        "Price is the main concern; a multi-year deal could help.",
        "Agreed next steps: a workshop with the operations team.",
    ];

    private static readonly string[] ContentZh =
    [
        "客户希望先在销售团队上线，之后再推广到客服部门。",
        "客户要求提供同行业案例，已发送两个。",
        "试用效果不错，IT 负责人希望支持单点登录。",
        "主要顾虑是价格，可考虑多年合同优惠。",
        "约定下一步：与运营团队开需求调研会。",
    ];

    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        var en = world.En;
        for (var i = 0; i < world.Size; i++)
        {
            var chinese = i % 2 == 1;
            var f = world.In(chinese);
            var company = i % 4 != 3;
            var ownerId = world.People.RepFor(chinese, i / 2);
            var rep = await world.AsAsync(ownerId, ct);
            // Spread over the year, oldest first, so customer numbers follow the dates.
            var createdAt = world.At(world.DaysAgo(360 - (330.0 * i / world.Size)).AddHours(f.Random.Int(0, 9)));
            var input = new CustomerInput
            {
                Name = company ? (chinese ? f.Address.City() + f.PickRandom("科技", "贸易", "制造", "物流") + "有限公司" : en.Company.CompanyName()) : DemoWorld.PersonName(f, chinese),
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
                Tags = f.Random.Bool(0.4f) ? [f.PickRandom(chinese ? TagsZh : TagsEn)] : [],
                Notes = f.Random.Bool(0.3f) ? f.PickRandom(chinese ? ContentZh : ContentEn) : null,
                // Individuals carry personal data, stored encrypted and shown masked.
                NationalId = company ? null : ChinaResidentId(f, world.Now),
                BankAccount = company ? null : "6222" + f.Random.Replace("############"),
                DateOfBirth = company ? null : DateOnly.FromDateTime(f.Date.Past(60, world.Now.AddYears(-20))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            var customer = await rep.Get<CustomerService>().CreateAsync(input, confirmDuplicate: true, ct);

            var contactIds = new List<Guid>();
            if (company)
            {
                var count = f.Random.Int(1, 3);
                for (var c = 0; c < count; c++)
                {
                    var contact = await rep.Get<ContactService>().CreateAsync(customer.Id, new ContactInput
                    {
                        Name = DemoWorld.PersonName(f, chinese),
                        Title = chinese ? f.PickRandom("总经理", "采购经理", "财务总监", "IT 经理") : f.PickRandom("CEO", "CFO", "Purchasing Manager", "IT Director"),
                        Department = chinese ? f.PickRandom("采购部", "财务部", "信息部", "销售部") : f.PickRandom("Purchasing", "Finance", "IT", "Sales"),
                        Phones = [Phone(f, chinese)], Emails = [en.Internet.Email().ToLowerInvariant()], IsPrimary = c == 0,
                    }, ct);
                    contactIds.Add(contact.Id);
                    world.Count("contacts");
                }
            }
            var entries = f.Random.Int(1, 4);
            for (var k = 0; k < entries; k++)
            {
                var kind = f.PickRandom<InteractionKind>();
                var occurredAt = createdAt.AddHours(f.Random.Double() * (world.Now - createdAt).TotalHours);
                // The service agent keeps the timeline of established customers up to date too.
                var author = k == 2 ? await world.AsAsync(world.People.Service, ct) : rep;
                world.At(occurredAt);
                await author.Get<InteractionService>().CreateAsync(customer.Id, new InteractionInput
                {
                    Kind = kind,
                    ContactId = contactIds.Count > 0 ? f.PickRandom(contactIds) : null,
                    OccurredAt = occurredAt,
                    Direction = f.PickRandom<Direction>(),
                    Subject = f.PickRandom(chinese ? Subjects[kind].Zh : Subjects[kind].En),
                    Content = f.PickRandom(chinese ? ContentZh : ContentEn),
                    Outcome = f.Random.Bool(0.5f) ? (chinese ? "客户满意" : "Customer interested") : null,
                    DueAt = kind == InteractionKind.Task ? world.Now.AddDays(f.Random.Int(-5, 20)) : null,
                    Done = kind == InteractionKind.Task && f.Random.Bool(),
                }, ct);
                world.Count("interactions");
            }
            world.Forget();
            world.Customers.Add(new DemoCustomer(customer.Id, customer.Name, chinese, company, ownerId, contactIds, createdAt));
            world.Count("customers");
        }
    }

    internal static string Phone(Faker f, bool chinese) => chinese
        ? "1" + f.PickRandom("38", "39", "58", "86", "36") + f.Random.ReplaceNumbers("########")
        : "+1 " + f.PickRandom("415", "650", "212", "312", "617") + " " + f.Random.Int(200, 999) + " " + f.Random.ReplaceNumbers("####");

    /// <summary>A well-formed mainland China resident ID: region, birth date, sequence and MOD 11-2 check digit.</summary>
    private static string ChinaResidentId(Faker f, DateTime now)
    {
        var body = f.PickRandom("110105", "310104", "440305", "330106") + f.Date.Past(50, now.AddYears(-20)).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + f.Random.Replace("###");
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((ch, i) => (ch - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
