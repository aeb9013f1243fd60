using Rapport.Core.Customers;
using Rapport.Core.Privacy;
using Rapport.Core.Privacy.Requests;
using Rapport.Core.ServiceDesk;

namespace Rapport.Server.Cli.Demo;

/// <summary>
/// The service desk's year: the administrator sets up a customer-service team (its queue) with the service agent in
/// it and a small category tree; customers call, write and file forms; the agent answers, waits on them, resolves and
/// closes — so the queues show cases in every status, old and new. Customers' consent to marketing is on record too:
/// most signed up through the web form, a few withdrew on the phone. The privacy desk has data subjects' requests in
/// several states, one of them past its deadline.
/// </summary>
internal sealed class DemoServiceDesk : IDemoPart
{
    private static readonly (string En, string Zh)[] Categories = [("Billing and invoices", "账单与发票"), ("Technical problem", "技术问题"), ("Account and access", "账户与权限")];

    private static readonly (string En, string Zh, CaseType Type)[] Subjects =
    [
        ("Invoice shows the wrong tax rate", "发票税率有误", CaseType.Complaint),
        ("Cannot sign in after the password change", "修改密码后无法登录", CaseType.Incident),
        ("Please add two more user licences", "请再增加两个用户许可", CaseType.Request),
        ("How do I export my customer list?", "如何导出客户列表？", CaseType.Inquiry),
        ("Reports page loads slowly", "报表页面加载缓慢", CaseType.Incident),
        ("Change of billing address", "变更开票地址", CaseType.Request),
    ];

    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        world.At(world.DaysAgo(300));
        var admin = await world.AsAsync(world.People.Admin, ct);
        var access = admin.Get<AccessAdminService>();
        var team = await access.CreateTeamAsync(new TeamInput("客服部 Customer Service", null, world.People.Service), ct);
        await access.SetUserAccessAsync(world.People.Service, new UserAccessInput([Roles.ServiceAgent], team.Id, null), ct);
        var categories = new List<Guid>();
        foreach (var (en, zh) in Categories)
            categories.Add((await admin.Get<CaseCategoryService>().CreateAsync(new CaseCategoryInput(en, zh), ct)).Id);
        admin.Forget();

        var agent = await world.AsAsync(world.People.Service, ct);
        var cases = agent.Get<CaseService>();
        var count = Math.Clamp(world.Size / 8, 10, 60);
        var customers = world.Customers.OrderBy(c => c.CreatedAt).ToList();
        for (var i = 0; i < count && customers.Count > 0; i++)
        {
            var customer = customers[i * 7 % customers.Count];
            var (en, zh, type) = Subjects[i % Subjects.Length];
            var opened = world.At(Later(world.DaysAgo(Math.Max(1, 280 - i * 280.0 / count)), customer.CreatedAt));
            var c = await cases.CreateAsync(new CaseInput(customer.Id, customer.Chinese ? zh : en,
                customer.Chinese ? "客户来电说明了问题，详情见会话。" : "The customer explained the problem; details in the conversation.",
                type, (CaseChannel)(i % 4), (CasePriority)(i % 4), customer.ContactIds.Count > 0 ? customer.ContactIds[0] : null,
                categories[i % categories.Count], world.People.Service, team.Id), ct);
            world.Count("cases");
            // The newest two stay new; the others are answered, then — by turns — left open, waiting on the customer,
            // resolved, or resolved and closed a week later.
            if (i >= count - 2) continue;
            world.At(opened.AddHours(2));
            await cases.AddMessageAsync(c.Id, new CaseMessageInput(CaseMessageKind.PublicReply, customer.Chinese
                ? "您好，我们已收到您的问题，正在处理，稍后给您答复。"
                : "Hello, thank you for reaching out. We are looking into it and will come back to you shortly."), ct);
            await cases.AddMessageAsync(c.Id, new CaseMessageInput(CaseMessageKind.InternalNote, customer.Chinese ? "已与财务/技术同事确认。" : "Checked with finance and engineering."), ct);
            switch (i % 5)
            {
                case 3:
                    break;
                case 4:
                    await cases.WaitOnCustomerAsync(c.Id, null, ct);
                    break;
                default:
                    world.At(opened.AddDays(1));
                    await cases.ResolveAsync(c.Id, new CaseResolveInput(customer.Chinese ? "问题已解决。" : "Fixed and confirmed with the customer."), null, ct);
                    if (i % 5 != 1)
                    {
                        world.At(opened.AddDays(8));
                        await cases.CloseAsync(c.Id, null, ct);
                    }
                    break;
            }
            agent.Forget();
        }

        await SeedConsentAsync(world, ct);
        await SeedSubjectRequestsAsync(world, ct);
    }

    /// <summary>Requests about personal data as the administrator took them: an access request under way (its ZIP can be
    /// made), an erasure request just received, a rectification done, and an objection past its GDPR month, so the
    /// privacy desk's open and overdue lists have work to show.</summary>
    private static async Task SeedSubjectRequestsAsync(DemoWorld world, CancellationToken ct)
    {
        var old = world.Customers.Where(c => c.CreatedAt < world.DaysAgo(60)).ToList();
        var (english, chinese) = (old.Where(c => !c.Chinese).ToList(), old.Where(c => c.Chinese).ToList());
        if (english.Count < 2 || chinese.Count < 2) return;
        var admin = await world.AsAsync(world.People.Admin, ct);
        var requests = admin.Get<SubjectRequestService>();

        var access = await TakeAsync(SubjectRequestType.Access, english[0], PrivacyRegime.Gdpr, 6, "Asked by email for a copy of everything we hold about them.");
        await requests.MoveAsync(access.Id, new SubjectRequestMove(SubjectRequestStatus.InProgress), null, ct);
        await TakeAsync(SubjectRequestType.Erasure, chinese[0], PrivacyRegime.Pipl, 2, "客户来电要求删除其个人信息，合同到期后不再合作。");
        var rectification = await TakeAsync(SubjectRequestType.Rectification, english[1], PrivacyRegime.Gdpr, 45, "New postal address after a move.");
        world.At(world.DaysAgo(41));
        await requests.MoveAsync(rectification.Id, new SubjectRequestMove(SubjectRequestStatus.InProgress), null, ct);
        await requests.MoveAsync(rectification.Id, new SubjectRequestMove(SubjectRequestStatus.Completed), null, ct);
        await TakeAsync(SubjectRequestType.Objection, chinese[1], PrivacyRegime.Gdpr, 40, "反对将其数据用于营销画像。");
        admin.Forget();

        async Task<SubjectRequestDto> TakeAsync(SubjectRequestType type, DemoCustomer customer, PrivacyRegime regime, int daysAgo, string notes)
        {
            world.At(world.DaysAgo(daysAgo));
            world.Count("subject requests");
            return await requests.CreateAsync(new SubjectRequestInput(type, customer.Id, Regime: regime,
                Language: customer.Chinese ? "zh-CN" : "en", Notes: notes), ct);
        }
    }

    /// <summary>Marketing consent for about half the customers, as their owners would have recorded it.</summary>
    private static async Task SeedConsentAsync(DemoWorld world, CancellationToken ct)
    {
        for (var i = 0; i < world.Customers.Count; i += 2)
        {
            var customer = world.Customers[i];
            var owner = await world.AsAsync(customer.OwnerId, ct);
            var emails = (await owner.Get<CustomerService>().GetAsync(customer.Id, ct)).Emails;
            if (emails.Count == 0) continue;
            var email = emails[0];
            var ledger = owner.Get<ConsentLedger>();
            world.At(Later(customer.CreatedAt.AddDays(1), customer.CreatedAt));
            await ledger.RecordAsync(customer.Id, new ConsentInput(ConsentPurpose.MarketingEmail, true, ConsentSource.WebForm, email,
                customer.Chinese ? "我同意接收产品资讯和优惠信息（官网订阅表单）" : "Yes, send me product news and offers (website newsletter form)"), ct);
            world.Count("consents");
            if (i % 10 == 0)
            {
                world.At(Later(customer.CreatedAt.AddDays(60), customer.CreatedAt));
                await ledger.RecordAsync(customer.Id, new ConsentInput(ConsentPurpose.MarketingEmail, false, ConsentSource.Agent, email,
                    customer.Chinese ? "客户来电要求停止发送营销邮件" : "Asked on the phone to stop marketing email"), ct);
                world.Count("consents");
            }
            owner.Forget();
        }
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;
}
