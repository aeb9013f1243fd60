using Microsoft.AspNetCore.Components;
using Rapport.Core.Marketing.Segments;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Marketing;

public sealed partial class SegmentBuilder : IDisposable
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    [Parameter] public Guid? Id { get; set; }

    /// <summary>How long the builder waits after the last edit before it sizes the segment again.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);

    private SegmentDto? _segment;
    private string? _name, _description;
    private bool _isStatic, _canManage, _sizing, _edited;
    private int _staticCount;
    private RuleNode _rule = RuleNode.Group();
    private Page<SegmentMemberDto>? _page;
    private readonly List<SegmentMemberDto> _members = [];
    private string? _next;
    private Dictionary<string, string> _errors = [];
    private CancellationTokenSource? _debounce;

    private bool CanSave => _canManage && (_segment is null || _segment.CanEdit);

    protected override async Task OnParametersSetAsync()
    {
        _canManage = (await Ops.AccessAsync()).Permissions.Contains(Permissions.SegmentsManage);
        if (Id is { } id)
        {
            if (!await Feedback.TryAsync(async () => _segment = await Ops.RunAsync<SegmentService, SegmentDto>((s, ct) => s.GetAsync(id, ct)))) return;
            (_name, _description, _isStatic, _staticCount) = (_segment!.Name, _segment.Description, _segment.IsStatic, _segment.StaticCount);
            _rule = RuleNode.From(_segment.Rule);
            _edited = false;
            await Feedback.TryAsync(async () => Show(await Ops.RunAsync<SegmentService, Page<SegmentMemberDto>>((s, ct) => s.MembersAsync(id, null, null, ct)), reset: true));
        }
        else
        {
            _rule = RuleNode.Group();
            _rule.Children.Add(new RuleNode { Field = "tier", Op = "eq", Value = "high" });
            await SizeAsync(CancellationToken.None);
        }
    }

    private string SizeText() => _page?.TotalIsCapped == true ? T["Segment.SizeCapped", Keyset.TotalCap.ToString("N0", CultureInfo.CurrentCulture)]
        : T["Segment.Size", (_page?.Total ?? _members.Count).ToString("N0", CultureInfo.CurrentCulture)];

    /// <summary>Sizes the rule again once the user has paused for <see cref="Pause"/>; an edit in between starts the wait over.</summary>
    private async Task RuleChanged()
    {
        _edited = true;
        _debounce?.Cancel();
        _debounce?.Dispose();
        _debounce = new CancellationTokenSource();
        var token = _debounce.Token;
        try
        {
            await Task.Delay(Pause, token);
            await SizeAsync(token);
        }
        catch (OperationCanceledException) { }
    }

    private async Task SizeAsync(CancellationToken token)
    {
        _sizing = true;
        StateHasChanged();
        var rule = _rule.ToRule();
        try
        {
            // The members first (the page alone is quick), then the size, whose capped count can take longer at scale.
            var page = await Ops.RunAsync<SegmentService, Page<SegmentMemberDto>>((s, ct) => s.PreviewAsync(new SegmentPreviewInput(rule, Count: false), ct), token);
            if (token.IsCancellationRequested) return;
            _errors = [];
            Show(page, reset: true);
            if (page.NextCursor is not null)
            {
                StateHasChanged();
                page = await Ops.RunAsync<SegmentService, Page<SegmentMemberDto>>((s, ct) => s.PreviewAsync(new SegmentPreviewInput(rule), ct), token);
                if (token.IsCancellationRequested) return;
                Show(page, reset: true);
            }
        }
        catch (RapportValidationException e)
        {
            _errors = e.Errors.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => Feedback.Message(g.First()));
        }
        finally
        {
            _sizing = false;
            StateHasChanged();
        }
    }

    private void Show(Page<SegmentMemberDto> page, bool reset)
    {
        if (reset)
        {
            _members.Clear();
            _page = page;
        }
        _members.AddRange(page.Items);
        _next = page.NextCursor;
    }

    private async Task MoreAsync()
    {
        if (Id is not { } id || _next is null) return;
        var after = _next;
        await Feedback.TryAsync(async () => Show(await Ops.RunAsync<SegmentService, Page<SegmentMemberDto>>((s, ct) => s.MembersAsync(id, after, null, ct)), reset: false));
    }

    private async Task SaveAsync()
    {
        var input = new SegmentInput(_name, _description, _isStatic ? null : _rule.ToRule(), _isStatic,
            _isStatic ? await StaticIdsAsync() : null, _segment?.Shares);
        var saved = await Feedback.TryAsync(async () => _segment = Id is { } id
            ? await Ops.RunAsync<SegmentService, SegmentDto>((s, ct) => s.UpdateAsync(id, input, _segment?.Version, ct))
            : await Ops.RunAsync<SegmentService, SegmentDto>((s, ct) => s.CreateAsync(input, ct)),
            e => _errors = e.GroupBy(x => x.Field).ToDictionary(g => g.Key, g => Feedback.Message(g.First())));
        if (!saved) return;
        Feedback.Done(T["Ui.Saved"]);
        if (Id is null) Nav.NavigateTo($"/marketing/segments/{_segment!.Id}");
    }

    /// <summary>A static list keeps its members (the builder does not edit them).</summary>
    private async Task<IReadOnlyList<Guid>> StaticIdsAsync()
    {
        if (Id is not { } id) return [];
        var ids = new List<Guid>();
        string? after = null;
        do
        {
            var cursor = after;
            var page = await Ops.RunAsync<SegmentService, Page<SegmentMemberDto>>((s, ct) => s.MembersAsync(id, cursor, Keyset.MaxPageSize, ct));
            ids.AddRange(page.Items.Select(m => m.Id));
            after = page.NextCursor;
        } while (after is not null);
        return ids;
    }

    public void Dispose()
    {
        _debounce?.Cancel();
        _debounce?.Dispose();
    }
}
