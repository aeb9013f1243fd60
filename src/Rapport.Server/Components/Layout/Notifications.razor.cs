using Microsoft.AspNetCore.Components;
using Rapport.Core.Customers;
using Rapport.Core.Notifications;
using Rapport.Server.Components.Common;

namespace Rapport.Server.Components.Layout;

/// <summary>The notification bell of the top bar. Loads when the page opens and again whenever the menu opens.</summary>
public sealed partial class Notifications
{
    public const int Shown = 10;

    /// <summary>Where notifications come from; by default <see cref="NotificationService.ListAsync"/> as the signed-in user.</summary>
    [Parameter] public Func<CancellationToken, Task<NotificationPage>>? LoadNotifications { get; set; }
    /// <summary>Where open tasks come from; by default the signed-in user's (when they may read customers).</summary>
    [Parameter] public Func<CancellationToken, Task<IReadOnlyList<MyTaskDto>>>? LoadTasks { get; set; }
    /// <summary>Marks one notification read (an id) or all (null); by default through <see cref="NotificationService"/>.</summary>
    [Parameter] public Func<Guid?, CancellationToken, Task>? MarkRead { get; set; }

    private IReadOnlyList<NotificationDto> _notifications = [];
    private IReadOnlyList<MyTaskDto> _tasks = [];
    private int _unread;
    private DateTime _now;

    [Inject] private Ops Ops { get; set; } = default!;
    [Inject] private NavigationManager Nav { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> T { get; set; } = default!;

    /// <summary>What the badge shows: unread notifications and overdue tasks.</summary>
    private int Count => _unread + _tasks.Count(t => t.DueAt < _now);

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task OpenChangedAsync(bool open)
    {
        if (open) await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _now = Clock.GetUtcNow().UtcDateTime;
        var access = LoadNotifications is null || LoadTasks is null ? await Ops.AccessAsync() : null;
        // Nobody signed in (yet): nothing to show.
        if (access is { UserId: var id } && id == Guid.Empty) return;
        var page = LoadNotifications is { } load ? await load(CancellationToken.None)
            : await Ops.RunAsync<NotificationService, NotificationPage>((s, ct) => s.ListAsync(null, null, Shown, ct));
        (_notifications, _unread) = (page.Items, page.Unread);
        if (LoadTasks is { } tasks) _tasks = await tasks(CancellationToken.None);
        else if (access!.Permissions.Contains(Permissions.CustomersRead))
            _tasks = await Ops.RunAsync<InteractionService, IReadOnlyList<MyTaskDto>>((s, ct) => s.MyOpenTasksAsync(Shown, ct));
    }

    private static string TaskLink(MyTaskDto t) => $"/customers/{t.CustomerId}";

    /// <summary>Marks the notification read (if it is not yet) and goes where it points.</summary>
    private async Task OpenAsync(NotificationDto n)
    {
        if (n.ReadAt is null)
        {
            await MarkAsync(n.Id);
            _unread = Math.Max(0, _unread - 1);
            _notifications = _notifications.Select(x => x.Id == n.Id ? x with { ReadAt = _now } : x).ToList();
        }
        if (n.Link is { Length: > 0 } link) Go(link);
    }

    private async Task MarkAllReadAsync()
    {
        await MarkAsync(null);
        _unread = 0;
        _notifications = _notifications.Select(x => x.ReadAt is null ? x with { ReadAt = _now } : x).ToList();
    }

    private Task MarkAsync(Guid? id) => MarkRead is { } mark ? mark(id, CancellationToken.None)
        : Ops.RunAsync<NotificationService>((s, ct) => id is { } one ? s.MarkReadAsync(one, ct) : s.MarkAllReadAsync(ct));

    /// <summary>Navigates inside the app (links are app paths).</summary>
    private void Go(string link) => Nav.NavigateTo(link);
}
