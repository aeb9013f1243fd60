using Rapport.Core.Knowledge;

namespace Rapport.Server.Tests.Common;

/// <summary>The category tree's rules (<c>Core/Common/CategoryTree</c>) as the administrator meets them on both trees
/// that use it — case categories (nested) and knowledge-base categories (one level): the list shows parents before
/// their children, each level by sort then name; a name is unique among its siblings; no category sits below itself or
/// deeper than the limit; one with sub-categories is not deleted.</summary>
public abstract class CategoryTreeTests(RapportApp app)
{
    private const string Cases = "/api/v1/case-categories";
    private const string Articles = "/api/v1/article-categories";

    private static Task<CaseCategoryDto> CategoryAsync(HttpClient admin, string name, Guid? parent = null, int sort = 0) =>
        admin.PostCreatedAsync<CaseCategoryDto>(Cases, new CaseCategoryInput(name, ParentId: parent, Sort: sort));

    private static async Task<List<CaseCategoryDto>> TreeAsync(HttpClient admin)
    {
        var response = await admin.GetAsync(Cases, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.ReadAsync<List<CaseCategoryDto>>();
    }

    [Fact]
    public async Task Case_categories_list_parents_before_their_children_each_level_by_sort_then_name()
    {
        var admin = await app.AdminClientAsync();
        var root = await CategoryAsync(admin, "Hardware " + Unique());
        var printers = await CategoryAsync(admin, "Printers", root.Id, sort: 2);
        var laptops = await CategoryAsync(admin, "Laptops", root.Id, sort: 1);
        var docks = await CategoryAsync(admin, "Docks", root.Id, sort: 2);
        var toner = await CategoryAsync(admin, "Toner", printers.Id);

        var ids = (await TreeAsync(admin)).Select(c => c.Id).ToList();
        var subtree = ids.Skip(ids.IndexOf(root.Id)).Take(5).ToList();

        Assert.Equal([root.Id, laptops.Id, docks.Id, printers.Id, toner.Id], subtree);
    }

    [Fact]
    public async Task A_case_category_name_is_unique_among_its_siblings_and_may_repeat_under_another_parent()
    {
        var admin = await app.AdminClientAsync();
        var (billing, shipping) = (await CategoryAsync(admin, "Billing " + Unique()), await CategoryAsync(admin, "Shipping " + Unique()));
        var refunds = await CategoryAsync(admin, "Refunds", billing.Id);

        await (await admin.PostJsonAsync(Cases, new CaseCategoryInput("Refunds", ParentId: billing.Id))).ShouldRejectAsync("name", "Validation.CategoryTaken");
        await CategoryAsync(admin, "Refunds", shipping.Id);
        var other = await CategoryAsync(admin, "Invoices", billing.Id);
        await (await admin.PutJsonAsync($"{Cases}/{other.Id}", new CaseCategoryInput("Refunds", ParentId: billing.Id)))
            .ShouldRejectAsync("name", "Validation.CategoryTaken");
        // Renaming a category to its own name is no clash.
        await (await admin.PutJsonAsync($"{Cases}/{refunds.Id}", new CaseCategoryInput("Refunds", "退款", billing.Id))).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_case_category_cannot_move_below_itself()
    {
        var admin = await app.AdminClientAsync();
        var top = await CategoryAsync(admin, "Network " + Unique());
        var below = await CategoryAsync(admin, "VPN", top.Id);

        await (await admin.PutJsonAsync($"{Cases}/{top.Id}", new CaseCategoryInput(top.Name, ParentId: below.Id)))
            .ShouldRejectAsync("parentId", "Validation.UnknownCategory");
        await (await admin.PutJsonAsync($"{Cases}/{top.Id}", new CaseCategoryInput(top.Name, ParentId: top.Id)))
            .ShouldRejectAsync("parentId", "Validation.UnknownCategory");
    }

    [Fact]
    public async Task The_case_category_tree_is_at_most_five_levels_deep_counting_what_moves_with_a_category()
    {
        var admin = await app.AdminClientAsync();
        var level = await CategoryAsync(admin, "Level 1 " + Unique());
        for (var i = 2; i <= CaseCategory.MaxDepth; i++) level = await CategoryAsync(admin, $"Level {i}", level.Id);

        await (await admin.PostJsonAsync(Cases, new CaseCategoryInput("Level 6", ParentId: level.Id)))
            .ShouldRejectAsync("parentId", "Validation.CategoryTooDeep");

        // A category with one below it fits under level 3 (3 + 2 = 5 levels), not under level 4.
        var tree = (await TreeAsync(admin)).ToDictionary(c => c.Id);
        var level4 = tree[level.ParentId!.Value];
        var level3 = tree[level4.ParentId!.Value];
        var moving = await CategoryAsync(admin, "Moving " + Unique());
        await CategoryAsync(admin, "Below it", moving.Id);
        await (await admin.PutJsonAsync($"{Cases}/{moving.Id}", new CaseCategoryInput(moving.Name, ParentId: level4.Id)))
            .ShouldRejectAsync("parentId", "Validation.CategoryTooDeep");
        await (await admin.PutJsonAsync($"{Cases}/{moving.Id}", new CaseCategoryInput(moving.Name, ParentId: level3.Id))).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_case_category_with_sub_categories_is_not_deleted_and_once_empty_it_goes()
    {
        var admin = await app.AdminClientAsync();
        var top = await CategoryAsync(admin, "Accounts " + Unique());
        var below = await CategoryAsync(admin, "Passwords", top.Id);

        await (await admin.DeleteAsync($"{Cases}/{top.Id}", Ct)).ShouldRejectAsync("id", "Validation.CategoryHasChildren");
        await (await admin.DeleteAsync($"{Cases}/{below.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"{Cases}/{top.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"{Cases}/{top.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Knowledge_base_categories_are_one_level_with_unique_names_listed_by_sort_then_name()
    {
        var admin = await app.AdminClientAsync();
        var tag = Unique();
        var second = await admin.PostCreatedAsync<ArticleCategoryDto>(Articles, new ArticleCategoryInput("B " + tag, "乙 " + tag, 10_000));
        var first = await admin.PostCreatedAsync<ArticleCategoryDto>(Articles, new ArticleCategoryInput("A " + tag, "甲 " + tag, 10_000));

        await (await admin.PostJsonAsync(Articles, new ArticleCategoryInput("A " + tag, "丙 " + tag))).ShouldRejectAsync("nameEn", "Validation.CategoryTaken");
        await (await admin.PostJsonAsync(Articles, new ArticleCategoryInput("C " + tag, "乙 " + tag))).ShouldRejectAsync("nameEn", "Validation.CategoryTaken");
        var response = await admin.GetAsync(Articles, Ct);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var ids = (await response.ReadAsync<List<ArticleCategoryDto>>()).Select(c => c.Id).ToList();
        Assert.True(ids.IndexOf(first.Id) < ids.IndexOf(second.Id), "same sort: by name");
        await (await admin.DeleteAsync($"{Articles}/{first.Id}", Ct)).ShouldBeAsync(HttpStatusCode.NoContent);
    }
}

public sealed class CategoryTreeOnSqlite(SqliteApp app) : CategoryTreeTests(app), IClassFixture<SqliteApp>;

public sealed class CategoryTreeOnPostgres(PostgresApp app) : CategoryTreeTests(app), IClassFixture<PostgresApp>;
