using Microsoft.AspNetCore.Components;
using Rapport.Core.Knowledge;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Knowledge;

/// <summary>One article: its fields, its Markdown with a live (sanitised) preview, publish / archive, the link to its
/// other-language version, and related articles (the suggestions component, whose "insert" adds a link to the body).</summary>
public sealed partial class ArticleEditor
{
    [Parameter] public Guid? Id { get; set; }
    [SupplyParameterFromQuery(Name = "lang")] public string? Lang { get; set; }

    private ArticleDto? _article;
    private ArticleTranslationDto? _translation;
    private IReadOnlyList<ArticleCategoryDto> _categories = [];
    private string? _title, _slug, _summary, _tags, _body;
    private string _language = ArticleLanguages.English;
    private Guid? _category;
    private ArticleVisibility _visibility = ArticleVisibility.Internal;
    private IReadOnlyList<FieldError> _errors = [];
    private UserAccess _access = UserAccess.Nobody;
    private bool _loaded, _canWrite;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private bool Can(string permission) => _access.Permissions.Contains(permission);
    private string? Error(string field) => _errors.FirstOrDefault(e => e.Field == field || e.Field.StartsWith(field + "[", StringComparison.Ordinal)) is { } e ? Feedback.Message(e) : null;

    protected override async Task OnParametersSetAsync()
    {
        _access = await Ops.AccessAsync();
        _canWrite = Can(Permissions.KbWrite);
        _errors = [];
        await Feedback.TryAsync(async () =>
        {
            _categories = await Ops.RunAsync<ArticleCategoryService, IReadOnlyList<ArticleCategoryDto>>((s, ct) => s.ListAsync(ct));
            if (Id is { } id) Show(await Ops.RunAsync<ArticleService, ArticleDto>((s, ct) => s.GetAsync(id, ct)));
            else
            {
                _article = null;
                _translation = null;
                (_title, _slug, _summary, _tags, _body, _category) = (null, null, null, null, null, null);
                _language = ArticleLanguages.Normalize(Lang ?? CultureInfo.CurrentUICulture.Name) ?? ArticleLanguages.English;
            }
        });
        _loaded = true;
    }

    private void Show(ArticleDto a)
    {
        _article = a;
        _translation = a.Translations.Count > 0 ? a.Translations[0] : null;
        (_title, _slug, _summary, _body, _category, _language, _visibility) = (a.Title, a.Slug, a.Summary, a.Body, a.CategoryId, a.Language, a.Visibility);
        _tags = string.Join(", ", a.Tags);
    }

    private ArticleInput Input() => new()
    {
        Title = _title, Slug = _slug, Summary = _summary, Body = _body, CategoryId = _category, Language = _language, Visibility = _visibility,
        Tags = (_tags ?? "").Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };

    private async Task SaveAsync()
    {
        var input = Input();
        var version = _article?.Version;
        ArticleDto? saved = null;
        _errors = [];
        var ok = await Feedback.TryAsync(async () => saved = _article is { } a
            ? await Ops.RunAsync<ArticleService, ArticleDto>((s, ct) => s.UpdateAsync(a.Id, input, version, ct))
            : await Ops.RunAsync<ArticleService, ArticleDto>((s, ct) => s.CreateAsync(input, ct)), errors => _errors = errors);
        if (!ok || saved is null) return;
        Feedback.Done(T["Ui.Saved"]);
        if (_article is null) Nav.NavigateTo($"/kb/{saved.Id}");
        else Show(saved);
    }

    private Task PublishAsync() => MoveAsync((s, id, v, ct) => s.PublishAsync(id, v, ct));

    private Task ArchiveAsync() => MoveAsync((s, id, v, ct) => s.ArchiveAsync(id, v, ct));

    private async Task MoveAsync(Func<ArticleService, Guid, long?, CancellationToken, Task<ArticleDto>> move)
    {
        if (_article is not { } a) return;
        ArticleDto? moved = null;
        if (await Feedback.TryAsync(async () => moved = await Ops.RunAsync<ArticleService, ArticleDto>((s, ct) => move(s, a.Id, a.Version, ct))) && moved is not null)
            Show(moved);
    }

    private async Task TranslateAsync()
    {
        if (_article is not { } a) return;
        ArticleDto? created = null;
        if (await Feedback.TryAsync(async () => created = await Ops.RunAsync<ArticleService, ArticleDto>((s, ct) => s.TranslateAsync(a.Id, new ArticleTranslationInput(), ct)))
            && created is not null)
            Nav.NavigateTo($"/kb/{created.Id}");
    }

    private EventCallback<ArticleSuggestion> Insert => _canWrite ? EventCallback.Factory.Create<ArticleSuggestion>(this, InsertLink) : default;

    /// <summary>"Insert" on a related article: a Markdown link to it at the end of the body (saved with the next save).</summary>
    private void InsertLink(ArticleSuggestion s) =>
        _body = (_body ?? "").TrimEnd() + $"\n\n[{s.Title}]({ArticleSuggestions.LinkTo(s)})\n";
}
