using Bogus;

namespace Rapport.Server.Cli.Demo;

/// <summary>A demo customer as later parts need it: who owns it, its contacts, when it appeared, which language it speaks.</summary>
internal sealed record DemoCustomer(Guid Id, string Name, bool Chinese, bool Company, Guid OwnerId, IReadOnlyList<Guid> ContactIds, DateTime CreatedAt);

/// <summary>A won deal's order, for the parts that bill it and put it under contract.</summary>
internal sealed record DemoSale(DemoCustomer Customer, Guid OpportunityId, Guid OrderId, string Currency, DateTime WonAt);

/// <summary>
/// What the demo parts share: the size asked for, the clock the records are made at, seeded randomness (the same run
/// gives the same data, relative to today), the people acting, and what earlier parts made.
/// </summary>
internal sealed class DemoWorld(IServiceProvider app, DbContextOptions<RapportDbContext> options, DemoClock clock, TimeProvider real, int customers)
    : IAsyncDisposable
{
    public const int Seed = 20261122;

    private readonly Dictionary<Guid, DemoActor> _actors = [];

    /// <summary>The app's services (for what is not done as a demo user: creating the users themselves).</summary>
    public IServiceProvider App => app;

    /// <summary>How many customers the demo starts from; the other parts scale with it.</summary>
    public int Size { get; } = Math.Max(customers, 1);

    /// <summary>The real time the seeding started; the demo's year ends here.</summary>
    public DateTime Now { get; } = real.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(Now);

    public Faker En { get; } = new("en") { Random = new Randomizer(Seed) };

    public Faker Zh { get; } = new("zh_CN") { Random = new Randomizer(Seed + 1) };

    public Randomizer Random => En.Random;

    public DemoPeople People { get; set; } = null!;

    public List<DemoCustomer> Customers { get; } = [];

    public List<DemoProduct> Products { get; } = [];

    public List<DemoSale> Sales { get; } = [];

    /// <summary>What each part made, for the log line.</summary>
    public SortedDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);

    public Faker In(bool chinese) => chinese ? Zh : En;

    public void Count(string what, int n = 1) => Counts[what] = Counts.GetValueOrDefault(what) + n;

    public DateTime DaysAgo(double days) => Now.AddDays(-days);

    /// <summary>Sets the demo clock: what happens next happens at <paramref name="at"/> (never later than now).</summary>
    public DateTime At(DateTime at)
    {
        clock.Set(at);
        return clock.GetUtcNow().UtcDateTime;
    }

    /// <summary>The app's services acting as <paramref name="userId"/> with their permissions and scope.</summary>
    public async Task<DemoActor> AsAsync(Guid userId, CancellationToken ct)
    {
        if (_actors.TryGetValue(userId, out var actor)) return actor;
        var access = await app.GetRequiredService<AccessResolver>().ResolveAsync(userId, ct);
        var name = await app.GetRequiredService<RapportDbContext>().Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstAsync(ct);
        return _actors[userId] = new DemoActor(app, options, clock, real, new DemoCaller(access, name!));
    }

    /// <summary>Forgets the records every actor has loaded (after each story: each service call loads what it needs).</summary>
    public void Forget()
    {
        foreach (var actor in _actors.Values) actor.Forget();
    }

    /// <summary>A person's name as it is written: family name first and no space in Chinese (杨伟诚), given name first in English.</summary>
    public static string PersonName(Faker f, bool chinese) => chinese ? f.Name.LastName() + f.Name.FirstName() : f.Name.FullName();

    public async ValueTask DisposeAsync()
    {
        foreach (var actor in _actors.Values) await actor.DisposeAsync();
    }
}

/// <summary>A catalogue product with its list prices (no USD price: sold in China only), the quantities it is bought
/// in and the Chinese VAT rate it carries.</summary>
internal sealed record DemoProduct(Guid Id, decimal Cny, decimal? Usd, int MinQuantity, int MaxQuantity, decimal VatPercent);
