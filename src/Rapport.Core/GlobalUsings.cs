// What most of Core imports: EF Core and the shared building blocks (Common, Data, Access, Settings).
global using System.Globalization;
global using System.Text;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.EntityFrameworkCore.Metadata.Builders;
global using Microsoft.Extensions.Options;
global using Rapport.Core.Access;
global using Rapport.Core.Common;
global using Rapport.Core.Data;
global using Rapport.Core.Settings;
