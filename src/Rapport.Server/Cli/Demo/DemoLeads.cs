using Rapport.Core.Customers;
using Rapport.Core.Leads;
using Rapport.Core.Settings;

namespace Rapport.Server.Cli.Demo;

/// <summary>Leads in every status: marketing sets up assignment rules and a web form and captures leads (some through
/// the form); the representatives the rules hand them to call, qualify, disqualify (with a reason) or convert them
/// into customers with a deal.</summary>
internal sealed class DemoLeads : IDemoPart
{
    private static readonly LeadStatus[] Statuses = [LeadStatus.New, LeadStatus.Contacted, LeadStatus.Qualified, LeadStatus.Converted, LeadStatus.Disqualified];

    private static readonly (string Region, string Country, string[] Cities)[] PlacesZh =
        [("华东", "中国", ["上海", "杭州", "南京", "苏州"]), ("华南", "中国", ["广州", "深圳", "厦门"])];

    private static readonly (string Region, string Country, string[] Cities)[] PlacesEn =
        [("North America", "United States", ["Boston", "Chicago", "Seattle", "Austin"]), ("Europe", "United Kingdom", ["London", "Manchester", "Edinburgh"])];

    private static readonly (string En, string Zh)[] DisqualifyReasons =
    [
        ("No budget this year", "今年没有预算"), ("Student project, not a buyer", "学生项目，非采购方"),
        ("Already a customer of ours", "已是我司客户"), ("Chose a competitor", "已选择竞争对手"),
    ];

    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        var people = world.People;
        var marketing = await world.AsAsync(people.Marketing, ct);
        world.At(world.DaysAgo(340));
        // Chinese leads go round-robin to the East China team, international ones to the international representative.
        await marketing.Get<SettingsService>().SaveAsync(new LeadAssignment(
        [
            new(Region: "华东", TeamId: people.EastTeamId), new(Region: "华南", TeamId: people.EastTeamId),
            new(Region: "North America", UserIds: [people.GlobalRep]), new(Region: "Europe", UserIds: [people.GlobalRep]),
        ]), ct, Permissions.LeadsConfigure);
        var form = await marketing.Get<LeadFormService>().CreateAsync(new LeadFormInput("官网咨询表单 Website enquiry", "官网 Website"), ct);

        var count = Math.Max(10, world.Size / 4);
        for (var i = 0; i < count; i++)
        {
            var chinese = i % 2 == 0;
            var f = world.In(chinese);
            var status = Statuses[i % Statuses.Length];
            var (region, country, cities) = f.PickRandom(chinese ? PlacesZh : PlacesEn);
            var city = f.PickRandom(cities);
            var name = DemoWorld.PersonName(f, chinese);
            var company = chinese ? city + f.PickRandom("智能", "精密", "新材料", "供应链") + "有限公司" : world.En.Company.CompanyName();
            var title = chinese ? f.PickRandom("采购经理", "信息部经理", "运营总监") : f.PickRandom("Head of Sales", "Operations Manager", "IT Director");
            var email = world.En.Internet.Email().ToLowerInvariant();
            var phone = DemoCustomers.Phone(f, chinese);
            var industry = f.PickRandom("Manufacturing", "Retail", "Logistics");
            var createdAt = world.At(world.DaysAgo(status switch
            {
                LeadStatus.New => f.Random.Int(1, 20),
                LeadStatus.Contacted => f.Random.Int(10, 60),
                LeadStatus.Qualified => f.Random.Int(20, 120),
                LeadStatus.Converted => f.Random.Int(30, 120),
                _ => f.Random.Int(40, 330),
            }).AddHours(f.Random.Int(0, 8)));

            Guid id;
            if (status == LeadStatus.New && i % 4 == 0)
            {
                // A visitor filled in the web form.
                id = (await marketing.Get<LeadFormService>().SubmitAsync(form.Token, new LeadFormSubmission
                {
                    Name = name, Company = company, Title = title, Email = email, Phone = phone, Industry = industry, Region = region,
                    Country = country, City = city, Message = chinese ? "想了解贵司 CRM 的报价和上线周期。" : "We'd like pricing and a rough timeline for 50 users.",
                }, ct)).LeadId!.Value;
            }
            else
            {
                id = (await marketing.Get<LeadService>().CreateAsync(new LeadInput
                {
                    Name = name, Company = company, Title = title, Email = email, Phone = phone, Industry = industry, Region = region,
                    Country = country, City = city, Source = f.PickRandom("Trade show", "Referral", "Website"),
                }, confirmDuplicate: true, ct)).Id;
            }
            world.Count("leads");
            if (status != LeadStatus.New) await WorkAsync(world, id, status, chinese, company, createdAt, ct);
            world.Forget();
        }
    }

    /// <summary>What the representative the lead was assigned to does with it.</summary>
    private static async Task WorkAsync(DemoWorld world, Guid id, LeadStatus status, bool chinese, string company, DateTime createdAt, CancellationToken ct)
    {
        var f = world.In(chinese);
        var owner = (await (await world.AsAsync(world.People.Marketing, ct)).Get<LeadService>().GetAsync(id, ct)).OwnerId!.Value;
        var leads = (await world.AsAsync(owner, ct)).Get<LeadService>();
        var called = world.At(createdAt.AddDays(f.Random.Int(1, 3)));
        await leads.AddActivityAsync(id, new LeadActivityInput
        {
            Kind = InteractionKind.Call, OccurredAt = called,
            Subject = chinese ? "首次电话联系" : "First call",
            Content = chinese ? "介绍了产品，对方对移动端和报表感兴趣。" : "Walked them through the product; mobile and reporting caught their interest.",
        }, ct);
        if (status == LeadStatus.Contacted) return;
        if (status == LeadStatus.Disqualified)
        {
            world.At(called.AddDays(f.Random.Int(2, 6)));
            var (en, zh) = f.PickRandom(DisqualifyReasons);
            await leads.SetStatusAsync(id, new LeadStatusInput(LeadStatus.Disqualified, chinese ? zh : en), null, ct);
            return;
        }
        var qualified = world.At(called.AddDays(f.Random.Int(2, 6)));
        await leads.SetStatusAsync(id, new LeadStatusInput(LeadStatus.Qualified), null, ct);
        if (status == LeadStatus.Qualified) return;

        var convertedAt = world.At(qualified.AddDays(f.Random.Int(3, 10)));
        var amount = chinese ? f.Random.Int(8, 60) * 10_000m : f.Random.Int(15, 90) * 1_000m;
        var conversion = await leads.ConvertAsync(id, new LeadConvertInput(ConfirmDuplicate: true, Opportunity: new LeadOpportunityInput(
            chinese ? "CRM 首期上线项目" : "CRM rollout, phase 1", amount, chinese ? "CNY" : "USD",
            DateOnly.FromDateTime(world.Now.AddDays(f.Random.Int(15, 90))))), null, ct);
        world.Customers.Add(new DemoCustomer(conversion.CustomerId, company, chinese, true, owner,
            conversion.ContactId is { } contact ? [contact] : [], convertedAt));
        world.Count("customers");
        world.Count("opportunities");
    }
}
