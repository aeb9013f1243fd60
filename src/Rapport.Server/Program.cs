using Rapport.Server.Cli;

// Before the host is built: the version needs no configuration, database or keys.
if (Commands.PrintVersion(args, Console.Out)) return 0;
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
if (demo) builder.Configuration["Demo:Seed"] = "true";
builder.AddRapport();
var app = builder.Build();
app.UseRapport();

if (Commands.IsVerb(args)) return await Commands.RunAsync(app, args);
await app.RunAsync();
return 0;

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
