// What most of the server imports: Core's shared building blocks, the server infrastructure, localization.
global using System.Globalization;
global using System.Security.Claims;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Localization;
global using Microsoft.Extensions.Options;
global using Rapport.Core.Access;
global using Rapport.Core.Common;
global using Rapport.Core.Data;
global using Rapport.Core.Identity;
global using Rapport.Server.Infrastructure;
