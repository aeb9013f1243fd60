using Microsoft.AspNetCore.Components;
using Rapport.Core.Knowledge;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Knowledge;

/// <summary>The agent's article list: newest changes first, a page at a time (keyset), filtered by text, category,
/// status, language and visibility.</summary>
public sealed partial class ArticleList
{
    private readonly List<ArticleListItem> _rows = [];
    private IReadOnlyList<ArticleCategoryDto> _categories = [];
    private string? _q, _language, _next;
    private Guid? _category;
    private ArticleStatus? _status;
    private ArticleVisibility? _visibility;
    private long? _total;
    private bool _capped, _loading;
    private UserAccess _access = UserAccess.Nobody;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private bool Can(string permission) => _access.Permissions.Contains(permission);

    internal static string CategoryName(ArticleCategoryDto c) => Bilingual.Pick(c.NameEn, c.NameZh);

    protected override async Task OnInitializedAsync()
    {
        _access = await Ops.AccessAsync();
        await Feedback.TryAsync(async () =>
            _categories = await Ops.RunAsync<ArticleCategoryService, IReadOnlyList<ArticleCategoryDto>>((s, ct) => s.ListAsync(ct)));
        await LoadAsync(null);
    }

    private async Task FilterAsync(Action set)
    {
        set();
        _rows.Clear();
        (_next, _total) = (null, null);
        await LoadAsync(null);
    }

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        var filter = new ArticleFilter(_category, _status, _language, _visibility, _q);
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<ArticleService, Page<ArticleListItem>>((s, ct) => s.ListAsync(filter, cursor, null, ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
            if (cursor is null) (_total, _capped) = (page.Total, page.TotalIsCapped);
        });
        _loading = false;
    }
}
