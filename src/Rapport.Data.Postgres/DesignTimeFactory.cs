using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Rapport.Core.Data;

namespace Rapport.Data.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL flavour of the model without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<RapportDbContext>
{
    public RapportDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<RapportDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = "Host=localhost;Database=rapport_design" });
        return new RapportDbContext(builder.Options);
    }
}
