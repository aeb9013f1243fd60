using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rapport.Core.Data;

/// <summary>A SaveChanges interceptor whose work is one synchronous step on the context just before it saves, the same
/// for <c>SaveChanges</c> and <c>SaveChangesAsync</c> (stamps, password history, the audit log).</summary>
public abstract class BeforeSaveInterceptor : SaveChangesInterceptor
{
    /// <summary>Runs before every save; <paramref name="context"/> is null when EF has none to give.</summary>
    protected abstract void BeforeSave(DbContext? context);

    public sealed override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BeforeSave(eventData.Context);
        return result;
    }

    public sealed override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BeforeSave(eventData.Context);
        return ValueTask.FromResult(result);
    }
}
