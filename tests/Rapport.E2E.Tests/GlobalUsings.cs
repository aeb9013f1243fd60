// What every browser test uses: Playwright and its assertions, and what the shared RapportApp fixture needs.
global using System.Net;
global using System.Net.Http.Headers;
global using System.Text.RegularExpressions;
global using Microsoft.AspNetCore.Hosting;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Playwright;
global using Rapport.Core.Data;
global using Rapport.Core.Identity;
global using Xunit;
global using static Microsoft.Playwright.Assertions;
global using static Rapport.E2E.Tests.TestCancellation;
