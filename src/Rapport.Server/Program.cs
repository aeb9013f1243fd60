using Rapport.Server.Cli;

// Before the host is built: the version needs no configuration, database or keys.
if (Commands.PrintVersion(args, Console.Out)) return 0;
var demo = args.Contains("--demo");
var hostArgs = args.Where(a => a != "--demo").ToArray();
// A published build started from another directory still finds its settings and web assets beside the executable
// (the content root is otherwise the current directory); an explicit --contentRoot wins.
var besideExecutable = !File.Exists("appsettings.json") && File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
    && !hostArgs.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs, ContentRootPath = besideExecutable ? AppContext.BaseDirectory : null });
if (demo) builder.Configuration["Demo:Seed"] = "true";
builder.AddRapport();
var app = builder.Build();
app.UseRapport();

if (Commands.IsVerb(args)) return await Commands.RunAsync(app, args);
await app.RunAsync();
return 0;

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
