using System.Linq.Expressions;
using Rapport.Core.Identity;

// In EF Core's namespace, as providers put their builder extensions, so a configuration needs no extra using.
namespace Microsoft.EntityFrameworkCore;

/// <summary>The column and index shapes entity configurations share, so each configuration states only what is its own
/// (see docs/modules.md §8).</summary>
internal static class ModelShapes
{
    /// <summary>The index behind a keyset-paged list: its sort (and filter) <paramref name="columns"/>, then Id as the
    /// tie-breaker (<c>b.HasKeysetIndex(c => c.CreatedAt)</c>, <c>b.HasKeysetIndex(c => new { c.Tier, c.CreatedAt })</c>).</summary>
    public static IndexBuilder<T> HasKeysetIndex<T>(this EntityTypeBuilder<T> b, Expression<Func<T, object?>> columns) where T : class =>
        b.HasIndex([.. MemberNames(columns), "Id"]);

    /// <summary>The <see cref="ISearchable.SearchText"/> column, at most <paramref name="maxLength"/> characters, with a
    /// trigram index for PostgreSQL's free-text filter (SQLite uses the FTS5 table of <see cref="SearchIndex"/>).</summary>
    public static PropertyBuilder<string> HasSearchText<T>(this EntityTypeBuilder<T> b, int maxLength, bool postgres) where T : class, ISearchable
    {
        if (postgres)
            b.HasIndex(nameof(ISearchable.SearchText)).HasMethod("gin").HasOperators("gin_trgm_ops");
        return b.Property<string>(nameof(ISearchable.SearchText)).HasMaxLength(maxLength);
    }

    /// <summary>A record number (made by a <see cref="NumberPattern"/> sequence, or given on import): at most 40
    /// characters, and unique unless the number is shared (a quote's revisions share theirs).</summary>
    public static void HasNumber<T>(this EntityTypeBuilder<T> b, Expression<Func<T, string>> number, bool unique = true) where T : class
    {
        b.Property(number).HasMaxLength(40);
        if (unique) b.HasIndex(((MemberExpression)number.Body).Member.Name).IsUnique();
    }

    /// <summary>An ISO 4217 currency code (see <see cref="Currency"/>).</summary>
    public static void HasCurrencyCode<T>(this EntityTypeBuilder<T> b, Expression<Func<T, string>> currency) where T : class =>
        b.Property(currency).HasMaxLength(3);

    /// <summary>The record's owner: a user, left empty (not deleted with them) when the user goes.</summary>
    public static void HasOwner<T>(this EntityTypeBuilder<T> b, Expression<Func<T, Guid?>> owner) where T : class =>
        b.HasOne<AppUser>().WithMany().HasForeignKey(((MemberExpression)owner.Body).Member.Name).OnDelete(DeleteBehavior.SetNull);

    private static IEnumerable<string> MemberNames<T>(Expression<Func<T, object?>> columns)
    {
        var body = columns.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : columns.Body;
        return body switch
        {
            MemberExpression member => [member.Member.Name],
            NewExpression anonymous => anonymous.Arguments.Select(a => ((MemberExpression)a).Member.Name),
            _ => throw new ArgumentException("Name a property or an anonymous type of properties.", nameof(columns)),
        };
    }
}
