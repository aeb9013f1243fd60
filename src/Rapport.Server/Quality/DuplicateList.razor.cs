using Microsoft.AspNetCore.Components;
using Rapport.Core.Quality;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Quality;

/// <summary>The duplicate review list of customers, contacts and leads (all, or one kind): best score first, compare and
/// merge, or "not a duplicate".</summary>
public partial class DuplicateList
{
    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private readonly List<DuplicatePairItem> _rows = [];
    private string? _next;
    private bool _loading, _scanning, _canMerge;
    private DuplicateKind? _kind;

    protected override async Task OnInitializedAsync()
    {
        _canMerge = (await Ops.AccessAsync()).Permissions.Contains(Permissions.QualityMerge);
        await LoadAsync(null);
    }

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        if (cursor is null) _rows.Clear();
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<DuplicateService, Page<DuplicatePairItem>>((s, ct) => s.ListAsync(_kind, cursor, 50, ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
        });
        _loading = false;
    }

    private async Task OnKindChanged(DuplicateKind? kind)
    {
        _kind = kind;
        await LoadAsync(null);
    }

    /// <summary>Where a record of the pair opens: a contact on its customer's page.</summary>
    private static string Link(DuplicateKind kind, DuplicateSide side) => kind switch
    {
        DuplicateKind.Contact => $"/customers/{side.CustomerId}",
        DuplicateKind.Lead => $"/leads/{side.Id}",
        _ => $"/customers/{side.Id}",
    };

    private static string Detail(DuplicateSide side) => string.Join(" · ", new[] { side.Number, side.Detail }.Where(x => !string.IsNullOrEmpty(x)));

    private static string MergeLink(DuplicatePairItem pair) => pair.Kind switch
    {
        DuplicateKind.Contact => $"/quality/merge/contacts/{pair.A.Id}/{pair.B.Id}",
        DuplicateKind.Lead => $"/quality/merge/leads/{pair.A.Id}/{pair.B.Id}",
        _ => $"/quality/merge/{pair.A.Id}/{pair.B.Id}",
    };

    private async Task ScanAsync()
    {
        _scanning = true;
        if (await Feedback.TryAsync(async () =>
            {
                var r = await Ops.RunAsync<DuplicateService, DuplicateScanResult>((s, ct) => s.ScanAsync(ct));
                Feedback.Done(T["Ui.ScanDone", r.Found, r.Added]);
            }))
            await LoadAsync(null);
        _scanning = false;
    }

    private async Task DismissAsync(DuplicatePairItem pair)
    {
        if (await Feedback.TryAsync(() => Ops.RunAsync<DuplicateService>((s, ct) => s.DismissAsync(pair.Id, ct)))) _rows.Remove(pair);
    }
}
