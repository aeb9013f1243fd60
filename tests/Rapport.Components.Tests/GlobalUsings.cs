// What every component test uses: bUnit, MudBlazor and the service container.
global using Bunit;
global using Microsoft.Extensions.DependencyInjection;
global using MudBlazor;
global using Xunit;
