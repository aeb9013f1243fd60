using Rapport.Core.Audit;

namespace Rapport.Server.Cli.Demo;

/// <summary>
/// The application's own services acting as one demo user — with that user's permissions and record scope, so
/// validation, numbering, scope and audit apply as when they click through the app — on a context of their own whose
/// records are stamped with the demo clock. The audit trail keeps the real time (its chain must stay in order).
/// <see cref="Get{T}"/> builds any service of <c>Rapport.Core</c> the way the host's container would, so a module's
/// demo part asks for its service and nothing here changes.
/// </summary>
internal sealed class DemoActor(IServiceProvider app, DbContextOptions<RapportDbContext> options, DemoClock clock, TimeProvider realClock, ICurrentUser caller)
    : IAsyncDisposable
{
    private readonly Dictionary<Type, object> _made = [];

    public RapportDbContext Db { get; } = new(options, caller);

    public Guid Id => caller.Id!.Value;

    public T Get<T>() where T : class => (T)Get(typeof(T));

    /// <summary>Forgets the records loaded so far (between stories: each service call loads what it needs).</summary>
    public void Forget() => Db.ChangeTracker.Clear();

    private object Get(Type type)
    {
        if (type == typeof(RapportDbContext)) return Db;
        if (type == typeof(ICurrentUser)) return caller;
        if (type == typeof(TimeProvider)) return clock;
        if (_made.TryGetValue(type, out var made)) return made;
        if (type == typeof(AuditTrail)) return _made[type] = new AuditTrail(Db, caller, realClock, Get<Rapport.Core.Settings.SettingsService>());
        if (!ActsForCaller(type)) return app.GetRequiredService(type);
        var ctor = type.GetConstructors().Single();
        return _made[type] = ctor.Invoke(ctor.GetParameters().Select(p => Get(p.ParameterType)).ToArray());
    }

    /// <summary>A service that works on the database, as someone, at some time — directly or through another service.</summary>
    private static bool ActsForCaller(Type type) =>
        type == typeof(RapportDbContext) || type == typeof(ICurrentUser) || type == typeof(TimeProvider)
        || (type.IsClass && !type.IsAbstract && !type.IsGenericType && type.Assembly == typeof(RapportDbContext).Assembly
            && type.GetConstructors() is [var ctor] && ctor.GetParameters().Any(p => ActsForCaller(p.ParameterType)));

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
