using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Rapport.Core.Customers;
using Rapport.Core.Preferences;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Customers;

public sealed partial class CustomerList
{
    private const int PageSize = 50;
    private const string ListName = "customers";

    private CustomerFilter _filter = new();
    private readonly List<CustomerListItem> _rows = [];
    private HashSet<CustomerListItem> _selected = [];
    private HashSet<string> _columns = [.. CustomerColumns.Default];
    private string? _next;
    private long? _total;
    private bool _capped;
    private bool _loading;
    private UserAccess _access = UserAccess.Nobody;
    private IReadOnlyList<PersonDto> _people = [];
    private IReadOnlyList<SavedViewDto> _views = [];
    private SavedViewDto? _currentView;
    private Guid? _bulkOwner;
    private string? _bulkTag;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private Feedback Feedback { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    private bool Can(string permission) => _access.Permissions.Contains(permission);
    private bool Show(string column) => _columns.Contains(column);
    private string ExportUrl => "/api/v1/customers/export" + _filter.ToQueryString(withSort: false);
    private string TotalText => _capped ? T["Ui.TotalCapped", Format.Number(_total ?? 0)] : T.Plural("Ui.Total", _total ?? 0);

    protected override async Task OnInitializedAsync()
    {
        _access = await Ops.AccessAsync();
        _filter = CustomerFilter.Parse(new Uri(Nav.Uri).Query);
        _people = await Ops.RunAsync<PreferenceService, IReadOnlyList<PersonDto>>((s, ct) => s.PeopleAsync(ct));
        _views = await Ops.RunAsync<PreferenceService, IReadOnlyList<SavedViewDto>>((s, ct) => s.ListViewsAsync(ListName, ct));
        await ReloadAsync();
    }

    private string OwnerName(Guid? id) => id is null ? "" : _people.FirstOrDefault(p => p.Id == id) is { } p ? p.DisplayName ?? p.UserName : "";

    private async Task ReloadAsync()
    {
        _rows.Clear();
        _selected.Clear();
        _next = null;
        _total = null;
        await LoadAsync(null);
    }

    private Task LoadMoreAsync() => LoadAsync(_next);

    private async Task LoadAsync(string? cursor)
    {
        _loading = true;
        await Feedback.TryAsync(async () =>
        {
            var page = await Ops.RunAsync<CustomerService, Page<CustomerListItem>>((s, ct) => s.ListAsync(_filter.ToQuery(cursor, PageSize, Time.Zone), ct));
            _rows.AddRange(page.Items);
            _next = page.NextCursor;
            if (cursor is null) (_total, _capped) = (page.Total, page.TotalIsCapped);
        });
        _loading = false;
    }

    private async Task OnFilterChanged(CustomerFilter filter)
    {
        _filter = filter;
        _currentView = null;
        // Keep the URL in step, so the view can be bookmarked and shared.
        Nav.NavigateTo("/customers" + _filter.ToQueryString(), replace: true);
        await ReloadAsync();
    }

    private async Task SortAsync(CustomerFilter sorted)
    {
        _filter = sorted;
        Nav.NavigateTo("/customers" + _filter.ToQueryString(), replace: true);
        await ReloadAsync();
    }

    private void ToggleColumn(string column)
    {
        if (!_columns.Remove(column)) _columns.Add(column);
    }

    private async Task ApplyView(SavedViewDto view)
    {
        _currentView = view;
        _filter = CustomerFilter.Parse(view.Query);
        if (view.Columns is { Length: > 0 } cols)
            _columns = [.. JsonSerializer.Deserialize<string[]>(cols)!.Where(CustomerColumns.Optional.Contains)];
        Nav.NavigateTo("/customers" + _filter.ToQueryString(), replace: true);
        await ReloadAsync();
    }

    private async Task SaveViewAsync()
    {
        var name = await TextPrompt.AskAsync(Dialogs, T["Ui.SaveView"], T["Ui.ViewName"], _currentView?.Name);
        if (string.IsNullOrWhiteSpace(name)) return;
        var input = new SavedViewInput(ListName, name, _filter.ToQueryString() is { Length: > 0 } q ? q : "?", JsonSerializer.Serialize(_columns.ToArray()));
        if (await Feedback.TryAsync(async () => _currentView = await Ops.RunAsync<PreferenceService, SavedViewDto>((s, ct) => s.SaveViewAsync(input, ct))))
        {
            _views = await Ops.RunAsync<PreferenceService, IReadOnlyList<SavedViewDto>>((s, ct) => s.ListViewsAsync(ListName, ct));
            Feedback.Done(T["Ui.ViewSaved", name]);
        }
    }

    private async Task DeleteViewAsync()
    {
        if (_currentView is not { } view) return;
        if (await Feedback.TryAsync(() => Ops.RunAsync<PreferenceService>((s, ct) => s.DeleteViewAsync(view.Id, ct))))
        {
            _currentView = null;
            _views = await Ops.RunAsync<PreferenceService, IReadOnlyList<SavedViewDto>>((s, ct) => s.ListViewsAsync(ListName, ct));
        }
    }

    private async Task BulkAsync(CustomerBulkAction action)
    {
        var ids = _selected.Select(r => r.Id).ToList();
        var question = action switch
        {
            CustomerBulkAction.AssignOwner => T.Plural("Ui.ConfirmBulkAssign", ids.Count, OwnerName(_bulkOwner)),
            CustomerBulkAction.AddTag => T.Plural("Ui.ConfirmBulkAddTag", ids.Count, _bulkTag ?? ""),
            CustomerBulkAction.RemoveTag => T.Plural("Ui.ConfirmBulkRemoveTag", ids.Count, _bulkTag ?? ""),
            _ => T.Plural("Ui.ConfirmBulkDelete", ids.Count),
        };
        var ok = await Dialogs.ShowMessageBoxAsync(T["Ui.Confirm"], question, yesText: T["Ui.Yes"], cancelText: T["Ui.Cancel"]);
        if (ok != true) return;
        CustomerBulkResult? result = null;
        if (await Feedback.TryAsync(async () => result = await Ops.RunAsync<CustomerService, CustomerBulkResult>(
                (s, ct) => s.BulkAsync(new CustomerBulkInput(ids, action, _bulkOwner, _bulkTag), ct))))
        {
            Feedback.Done(T.Plural("Ui.BulkDone", result!.Changed));
            await ReloadAsync();
        }
    }
}
