using System.Linq.Expressions;
using Microsoft.Data.Sqlite;

namespace Rapport.Core.Data;

/// <summary>
/// How names sort: Chinese by pinyin (安娜, 陈, 杨伟, 张三), as the ICU Chinese collation orders them, the same on
/// both databases — PostgreSQL's built-in ICU collation <c>zh-x-icu</c>, and on SQLite a collation of the same name
/// rules (.NET's zh-CN comparison, which is ICU's) registered on every connection. Lists sorted by name order by
/// <see cref="Of{T}"/>, served by an index in that collation.
/// </summary>
public static class NameCollation
{
    public const string Postgres = "zh-x-icu";
    public const string Sqlite = "PINYIN";

    private static readonly CompareInfo Chinese = CultureInfo.GetCultureInfo("zh-CN").CompareInfo;

    /// <summary>The name expression in the provider's pinyin collation, for <c>OrderBy</c> and keyset seeks. The
    /// collation is a constant in the tree (EF requires one).</summary>
    public static Expression<Func<T, string>> Of<T>(bool postgres, Expression<Func<T, string>> name)
    {
        var collate = typeof(RelationalDbFunctionsExtensions).GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!.MakeGenericMethod(typeof(string));
        var body = Expression.Call(collate, Expression.Constant(EF.Functions), name.Body, Expression.Constant(postgres ? Postgres : Sqlite));
        return Expression.Lambda<Func<T, string>>(body, name.Parameters);
    }

    /// <summary>The SQLite collation: ICU's Chinese order, ties (strings ICU holds equal) broken by code point so the
    /// order is total, as PostgreSQL's deterministic collations are.</summary>
    public static int Compare(string? x, string? y)
    {
        var c = Chinese.Compare(x, y, CompareOptions.None);
        return c != 0 ? c : string.CompareOrdinal(x, y);
    }

    /// <summary>Registers <see cref="Sqlite"/> on a connection. Every connection that writes to a table with a name
    /// index needs it (the app's connections get it from <see cref="DatabaseSetup"/>; tools opening the file
    /// directly must call this).</summary>
    public static void Register(SqliteConnection connection) => connection.CreateCollation(Sqlite, Compare);

    /// <summary>The SQLite index statement for a table's name column in this collation (migrations run it: EF's
    /// model cannot express a collation on a SQLite index).</summary>
    public static string SqliteIndex(string table, string column = "Name") =>
        $"CREATE INDEX IF NOT EXISTS \"IX_{table}_{column}_Pinyin\" ON \"{table}\" (\"{column}\" COLLATE {Sqlite}, \"Id\");";
}
