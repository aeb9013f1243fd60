using Rapport.Core.Knowledge;

namespace Rapport.Server.Cli.Demo;

/// <summary>The help centre's first articles, written by the service agent and published by the administrator: public
/// ones in English with their Chinese versions, and an internal one for staff.</summary>
internal sealed class DemoKnowledge : IDemoPart
{
    public async Task SeedAsync(DemoWorld world, CancellationToken ct)
    {
        var author = await world.AsAsync(world.People.Admin, ct);
        var articles = author.Get<ArticleService>();
        var category = await author.Get<ArticleCategoryService>().CreateAsync(new("Accounts and sign-in", "账户与登录"), ct);
        (string Title, string Body, string ZhTitle, string ZhBody)[] pairs =
        [
            ("Reset your password", "On the sign-in page choose **Forgot password**, then follow the link in the e-mail we send you.\n\nThe link works for one hour.",
             "重置密码", "在登录页点击 **忘记密码**，然后按我们发送的邮件中的链接设置新密码。\n\n链接一小时内有效。"),
            ("Change the language", "Open the user menu (top right) and choose **English** or **简体中文**.",
             "切换界面语言", "打开右上角的用户菜单，选择 **English** 或 **简体中文**。"),
        ];
        foreach (var (title, body, zhTitle, zhBody) in pairs)
        {
            var en = await articles.CreateAsync(new() { Title = title, Body = body, Language = "en", CategoryId = category.Id, Visibility = ArticleVisibility.Public }, ct);
            await articles.PublishAsync(en.Id, null, ct);
            var zh = await articles.TranslateAsync(en.Id, new(), ct);
            zh = await articles.UpdateAsync(zh.Id, new() { Title = zhTitle, Body = zhBody, CategoryId = category.Id, Visibility = ArticleVisibility.Public }, null, ct);
            await articles.PublishAsync(zh.Id, null, ct);
            world.Count("articles", 2);
        }
        var staffOnly = await articles.CreateAsync(new()
        {
            Title = "Unlocking a locked-out account", Language = "en", CategoryId = category.Id,
            Body = "Administrators: open **Users**, find the person and choose **Unlock**. Ask them to reset their password afterwards.",
        }, ct);
        await articles.PublishAsync(staffOnly.Id, null, ct);
        world.Count("articles");
        author.Forget();
    }
}
