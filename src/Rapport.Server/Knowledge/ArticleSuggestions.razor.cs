using Microsoft.AspNetCore.Components;
using Rapport.Core.Knowledge;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Knowledge;

/// <summary>
/// The five articles that best answer <see cref="Text"/> (a case's subject and description while an agent works on
/// it; an article's title for "related articles"), each with an "insert" button (when the page gives
/// <see cref="OnInsert"/>: the case reply composer inserts the article) and a "helpful" button that records the
/// signed-in user's vote (with <see cref="CaseId"/> when there is one). Reloads when the text or language changes.
/// </summary>
public sealed partial class ArticleSuggestions
{
    public const int Top = 5;

    [Parameter, EditorRequired] public string? Text { get; set; }
    [Parameter] public string? Language { get; set; }
    /// <summary>An article to leave out (the one the page shows).</summary>
    [Parameter] public Guid? ExcludeId { get; set; }
    [Parameter] public Guid? CaseId { get; set; }
    [Parameter] public EventCallback<ArticleSuggestion> OnInsert { get; set; }
    /// <summary>Where suggestions come from; by default <see cref="ArticleService.SuggestAsync"/> as the signed-in user.</summary>
    [Parameter] public Func<string, string?, CancellationToken, Task<IReadOnlyList<ArticleSuggestion>>>? Source { get; set; }
    /// <summary>Where a "helpful" vote goes; by default <see cref="ArticleService.FeedbackAsync"/> as the signed-in user.</summary>
    [Parameter] public Func<Guid, ArticleFeedbackInput, CancellationToken, Task>? Vote { get; set; }

    private IReadOnlyList<ArticleSuggestion> _items = [];
    private readonly HashSet<Guid> _helpful = [];
    private (string?, string?) _asked;
    private bool _loading;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    /// <summary>Where a suggestion links to for a reader: the help centre for a public article, the knowledge base otherwise.</summary>
    public static string LinkTo(ArticleSuggestion a) => a.Visibility == ArticleVisibility.Public ? $"/help/{a.Slug}" : $"/kb/{a.Id}";

    protected override async Task OnParametersSetAsync()
    {
        if (_asked == (Text, Language)) return;
        _asked = (Text, Language);
        _loading = true;
        await Feedback.TryAsync(async () =>
        {
            var found = string.IsNullOrWhiteSpace(Text) ? []
                : Source is { } source ? await source(Text, Language, CancellationToken.None)
                : await Ops.RunAsync<ArticleService, IReadOnlyList<ArticleSuggestion>>((s, ct) => s.SuggestAsync(Text, Language, publicOnly: false, Top + 1, ct));
            _items = found.Where(a => a.Id != ExcludeId).Take(Top).ToList();
        });
        _loading = false;
    }

    private async Task HelpfulAsync(ArticleSuggestion a)
    {
        var input = new ArticleFeedbackInput(true, null, CaseId);
        if (await Feedback.TryAsync(() => Vote is { } vote ? vote(a.Id, input, CancellationToken.None)
                : Ops.RunAsync<ArticleService>((s, ct) => s.FeedbackAsync(a.Id, input, ct))))
            _helpful.Add(a.Id);
    }
}
