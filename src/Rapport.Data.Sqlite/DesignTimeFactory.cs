using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Rapport.Core.Data;

namespace Rapport.Data.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the SQLite flavour of the model without starting the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RapportDbContext>
{
    public RapportDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design.db" });
        return new RapportDbContext(builder.Options);
    }
}
